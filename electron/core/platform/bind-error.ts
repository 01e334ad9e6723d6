/**
 * Recognising "address already in use" in a service's output, whatever wrote it: Node
 * (EADDRINUSE), Python (Errno 98 on Linux, Errno 48 on macOS, uvicorn's message), Go, Java,
 * Windows (WSAEADDRINUSE, "Only one usage of each socket address").
 */
const BIND_ERROR =
  /address already in use|EADDRINUSE|\[Errno (?:98|48)\]|Only one usage of each socket address|WSAEADDRINUSE|BindException/i;

export function isBindError(line: string): boolean {
  return BIND_ERROR.test(line);
}
