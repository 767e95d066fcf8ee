import { diagram } from "../commands/diagram";

process.exitCode = diagram({
  env: process.env,
  now: new Date(),
  file: process.argv[2],
  report: (line) => console.error(line),
  print: (line) => console.log(line),
});
