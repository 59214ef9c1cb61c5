// Progress on stderr (stdout stays clean for --json): a bar on a terminal, plain lines otherwise.
import cliProgress from "cli-progress";

export interface Progress { update(done: number, total: number, label: string): void; stop(): void }

export function createProgress(title: string): Progress {
  if (!process.stderr.isTTY) {
    let last = "";
    return {
      update(done, total, label) {
        const line = `${title}: ${label} ${done}/${total}`;
        if (line !== last) process.stderr.write(`${line}\n`);
        last = line;
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar({ format: `${title} [{bar}] {value}/{total} {label}`, stream: process.stderr, clearOnComplete: true, hideCursor: true }, cliProgress.Presets.shades_classic);
  let started = false;
  return {
    update(done, total, label) {
      if (!started) { bar.start(total, done, { label }); started = true; }
      bar.setTotal(total);
      bar.update(done, { label });
    },
    stop() { if (started) bar.stop(); },
  };
}
