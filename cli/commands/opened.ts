/**
 * Databases a command opened, closed by runCli when it ends: a process exit closes them anyway, but
 * tests run many commands in one process (runCli with their own IO), where each must let go of its file.
 */
const opened: { close: () => void }[] = [];

export function opening<T extends { close: () => void }>(handle: T): T {
  opened.push(handle);
  return handle;
}

export function closeOpened(): void {
  for (const handle of opened.splice(0)) handle.close();
}
