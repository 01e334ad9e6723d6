import { describe, expect, it } from 'vitest';
import { projectDirFromCommand, splitCommandLine } from '../../../electron/core/owners/project-hint.ts';

describe('projectDirFromCommand (Windows and unreadable cwd)', () => {
  it('takes the folder before node_modules of a tool the project installed', () => {
    expect(projectDirFromCommand('"C:\\Program Files\\nodejs\\node.exe" C:\\dev\\shop\\node_modules\\vite\\bin\\vite.js --port 5173')).toBe(
      'C:\\dev\\shop',
    );
    expect(projectDirFromCommand('node /srv/app/node_modules/.bin/next dev')).toBe('/srv/app');
  });
  it('takes the folder of an absolute script path', () => {
    expect(projectDirFromCommand('"C:\\Program Files\\nodejs\\node.exe" "C:\\Users\\dev\\my shop\\server.js"')).toBe(
      'C:\\Users\\dev\\my shop',
    );
    expect(projectDirFromCommand('python3 /home/dev/api/main.py')).toBe('/home/dev/api');
  });
  it('names nothing for global installs, relative paths, the program itself or no command', () => {
    expect(projectDirFromCommand('node /usr/lib/node_modules/serve/build/main.js')).toBeNull();
    expect(projectDirFromCommand('node C:\\Users\\dev\\AppData\\Roaming\\npm\\node_modules\\http-server\\bin\\http-server')).toBeNull();
    expect(projectDirFromCommand('"C:\\Program Files\\nodejs\\node.exe" server.js --port 8080')).toBeNull();
    expect(projectDirFromCommand('/opt/app/bin/server.js')).toBeNull();
    expect(projectDirFromCommand(null)).toBeNull();
  });
  it('splits on blanks and keeps quoted parts whole', () => {
    expect(splitCommandLine('"a b" c  "d"')).toEqual(['a b', 'c', 'd']);
  });
});
