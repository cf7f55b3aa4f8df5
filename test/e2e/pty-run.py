# Runs a command on a pseudo-terminal, as a user at a terminal would: each time the output shows
# the next expected text, types the answer that goes with it. Prints everything the terminal showed
# and exits with the command's exit code. Usage: pty-run.py '[["expect", "type"], ...]' CMD ARGS...
import json, os, pty, select, signal, sys, time

steps = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])

shown, seen_upto, step, deadline = b'', 0, 0, time.time() + 60
while time.time() < deadline:
    ready, _, _ = select.select([fd], [], [], 0.1)
    if ready:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    if step < len(steps):
        at = shown.find(steps[step][0].encode(), seen_upto)
        if at >= 0:
            seen_upto = at + len(steps[step][0])
            time.sleep(0.2)
            os.write(fd, steps[step][1].encode())
            step += 1
else:
    os.kill(pid, signal.SIGKILL)

_, status = os.waitpid(pid, 0)
sys.stdout.buffer.write(shown)
sys.exit(os.waitstatus_to_exitcode(status))
