/**
 * The public entry of `portwarden init`'s proposal code: read a project folder, propose ports, write the config.
 * Code outside this folder imports this file, not the files behind it (docs/architecture.md).
 */
export type { InitProposal } from './types.ts';
export { ProjectDirError, checkProjectDir, folderFiles } from './project-reader.ts';
export { proposalConfig, writeProposalConfig } from './proposal-config.ts';
export { proposeFromFiles } from './propose.ts';
