import { fork } from 'node:child_process';
import path from 'node:path';

export interface BenchServer {
  address: string;
  cpuUsage(): Promise<NodeJS.CpuUsage>;
  /** Disconnecting asks the server to stop gracefully; one that does not is killed after 10 s. */
  stop(): Promise<void>;
}

/** Forks a compiled bench server (stdout discarded, as a log shipper would take it) and waits for its port. */
export async function startBenchServer(script: string, env: NodeJS.ProcessEnv, servers: BenchServer[], execArgv: string[] = []): Promise<BenchServer> {
  const child = fork(path.join(__dirname, script), [], { env, execArgv, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const stop = (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      if (child.connected) child.disconnect();
      else child.kill();
    });
  };
  servers.push({ address: '', cpuUsage: () => Promise.reject(new Error('not started')), stop });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message: { port?: number }) => (message.port ? resolve(message.port) : reject(new Error(`${script} sent no port`))));
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  const server: BenchServer = {
    address: `127.0.0.1:${port}`,
    cpuUsage: () =>
      new Promise((resolve) => {
        const onMessage = (message: { cpu?: NodeJS.CpuUsage }) => {
          if (!message.cpu) return;
          child.off('message', onMessage);
          resolve(message.cpu);
        };
        child.on('message', onMessage);
        child.send('cpu');
      }),
    stop,
  };
  servers[servers.length - 1] = server;
  return server;
}
