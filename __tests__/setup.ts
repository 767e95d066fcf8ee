// vitest runs this before each test file (setupFiles): cdktf's matchers, and token traces without source maps.
import "./matchers";
import { formatPlainObjectTracesUnmapped } from "./token-traces";

formatPlainObjectTracesUnmapped();
