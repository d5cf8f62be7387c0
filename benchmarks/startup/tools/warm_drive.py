"""warm_drive.py SOCKET COUNT ARGS...: COUNT runs of a warm-start server, one after another.

A small client speaking the frames of pyjar's warm-start client (runtime: WarmFrames), so that a
thousand runs take the server's time only, not a client JVM's start each (warm-memory.sh measures
the server, not the client). The server opens this process's standard streams as the run's, as it
does a real client's. Exits 1 at the first run that is refused or ends with a status other than 0.
"""
import os
import socket
import struct
import sys


def text(value):
    data = value.encode("utf-8", "surrogateescape")
    return struct.pack(">i", len(data)) + data


def request(arguments):
    environment = dict(os.environ)
    body = text("run") + struct.pack(">q", os.getpid()) + text(os.getcwd())
    body += struct.pack(">i", len(environment)) + b"".join(text(k) + text(v) for k, v in environment.items())
    body += struct.pack(">i", len(arguments)) + b"".join(text(a) for a in arguments)
    return struct.pack(">i", len(body)) + body


def receive(connection):
    def exactly(count):
        data = b""
        while len(data) < count:
            chunk = connection.recv(count - len(data))
            if not chunk:
                raise EOFError("the server closed the connection")
            data += chunk
        return data
    return exactly(struct.unpack(">i", exactly(4))[0])


def main():
    path, count, arguments = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    frame = request(arguments)
    for number in range(1, count + 1):
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
            connection.connect(path)
            connection.sendall(frame)
            answer = receive(connection)
            if answer != b"accepted":
                sys.exit(f"run {number}: refused: {answer.decode(errors='replace')}")
            # The run's last message: its kind ("x", exit) and status. Its stdin is not a
            # terminal, so the server asks for no input ("r").
            message = receive(connection)
            if message[:1] != b"x":
                sys.exit(f"run {number}: unexpected message {message[:1]!r}")
            status = struct.unpack(">i", message[1:])[0]
            if status != 0:
                sys.exit(f"run {number}: status {status}")


main()
