package org.virtbench.runner.transport.ssh;

import com.jcraft.jsch.SocketFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;

/**
 * Plain TCP sockets with Nagle's algorithm off and a connect limit: SSH requests are small and
 * each waits for its answer, so Nagle's delay plus the peer's delayed acknowledgement would add
 * tens of milliseconds to every command's measured overhead.
 */
final class NoDelaySocketFactory implements SocketFactory {
    private final int connectTimeoutMillis;

    NoDelaySocketFactory(Duration connectTimeout) {
        this.connectTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public InputStream getInputStream(Socket socket) throws IOException {
        return socket.getInputStream();
    }

    @Override
    public OutputStream getOutputStream(Socket socket) throws IOException {
        return socket.getOutputStream();
    }
}
