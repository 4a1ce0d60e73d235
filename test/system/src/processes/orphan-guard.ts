/**
 * Preloaded (`node --require`) into every process the launcher starts. The launcher holds the
 * other end of the child's stdin pipe; when that end closes because the launcher is gone, even
 * after a SIGKILL that ran none of its clean-up, the child stops itself as if sent SIGTERM.
 */
process.stdin.once('end', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.on('error', () => process.kill(process.pid, 'SIGTERM'));
process.stdin.resume();
// Only watching: the pipe must not keep a service alive that is done otherwise.
process.stdin.unref();
