import { preflight } from "./preflight";

preflight({
  env: process.env,
  now: new Date(),
  report: (line) => console.error(line),
  print: (line) => console.log(line),
  progressStream: process.stderr,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error) => {
    console.error(`preflight failed: ${error.message}`);
    process.exitCode = 1;
  },
);
