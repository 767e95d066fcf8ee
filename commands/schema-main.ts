import { writeConfigSchema } from "./schema";

process.exitCode = writeConfigSchema((line) => console.log(line));
