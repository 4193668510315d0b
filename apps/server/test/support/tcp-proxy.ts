import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy in front of a server, able to cut every connection through it (a proxy timing out). */
export interface TcpProxy {
  /** `http://127.0.0.1:<port>` of the proxy. */
  readonly url: string;
  /** The first chunk each client sent (for HTTP: the request line and headers). */
  readonly requestHeads: string[];
  /** Destroys every connection open through the proxy; new ones still go through. */
  cutAll(): void;
  close(): Promise<void>;
}

/** Starts a proxy on an ephemeral loopback port forwarding to `targetPort`. */
export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const open = new Set<Socket>();
  const requestHeads: string[] = [];
  const server: Server = createServer((inbound) => {
    const outbound = connect(targetPort, '127.0.0.1');
    open.add(inbound);
    open.add(outbound);
    for (const socket of [inbound, outbound]) {
      socket.on('error', () => {});
      socket.once('close', () => {
        open.delete(socket);
        inbound.destroy();
        outbound.destroy();
      });
    }
    inbound.once('data', (chunk: Buffer) => requestHeads.push(chunk.toString('latin1')));
    inbound.pipe(outbound).pipe(inbound);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const cutAll = () => {
    for (const socket of open) socket.destroy();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    requestHeads,
    cutAll,
    close: () => {
      cutAll();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
