import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiSession } from "../commands/api-session";
import { preflight } from "../commands/preflight";
import { status } from "../commands/status";
import { showValue } from "../config/messages";
import { quote } from "../text/quote";
import { Secrets } from "../text/secrets";
import { terminalLine } from "../text/terminal";
import { runInProcess } from "./cli";
import {
  startStandIn as fakeTerraformCloud,
  type StandIn as FakeCloud,
  type StandInIdentity as FakeIdentity,
} from "../terraform-cloud/stand-in";
import { fakeToken } from "./workshop-day-support";
import { capture, configFile, scratchDirectory } from "./workshop-day-support";

/** What an answer or a config may carry to take over a terminal: set its title, clear it, forge a line. */
const TITLE_AND_CLEAR = "\u001b]0;pwned\u0007\u001b[2J\u001b[H";
const FORGED_LINE = "x\nerror [token-expires] forged";
/**
 * Anything a terminal acts on or hides: ESC, BEL, DEL, C1 CSI, a line separator, bidi overrides, zero-width and tag
 * characters.
 */
const UNSAFE_CHARACTER =
  // eslint-disable-next-line no-control-regex -- matching control characters is what this test checks for
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]|\udb40[\udc00-\udc7f]/;

describe("a line made safe for a terminal", () => {
  it("escapes control characters, escape sequences, bidirectional and invisible characters, and nothing else", () => {
    // GIVEN text from anywhere with every kind of character a terminal acts on or hides
    const text = `a${TITLE_AND_CLEAR}b\u009b31mc\u007fd\u202eevil\u2066e\u200bf\u2028g\ud800h\u{e0041}i\u00a0j`;
    // WHEN made safe THEN each is written as its escape, and the line is one line
    expect(terminalLine(text)).toBe(
      "a\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[Hb\\u009b31mc\\u007fd\\u202eevi" +
        "l\\u2066e\\u200bf\\u2028g\\ud800h\\udb40\\udc41i\\u00a0j",
    );
    expect(terminalLine(FORGED_LINE)).toBe("x\\nerror [token-expires] forged");
  });

  it("leaves ordinary text alone: letters of any script, emoji, quotes and backslashes", () => {
    const text = 'Ünïcödé ünd 日本語, "quoted" \\ 🚀 tab-free';
    expect(terminalLine(text)).toBe(text);
  });

  it("keeps a line of JSON the same JSON value", () => {
    // GIVEN JSON whose strings hold what a hostile server might send
    const value = {
      workspace: `w${TITLE_AND_CLEAR}`,
      attendee: "\u202etxt.exe",
      lastStateAt: "2026\u0085\u2028",
      note: "a\\u001b",
    };
    // WHEN each of its lines is made safe THEN it parses to the same value, with nothing raw left
    const lines = JSON.stringify(value, null, 2).split("\n").map(terminalLine);
    expect(JSON.parse(lines.join("\n"))).toEqual(value);
    expect(lines.join("")).not.toMatch(UNSAFE_CHARACTER);
  });
});

describe("a value quoted in a message", () => {
  it("escapes look-alike, invisible and control characters, so that it shows what it is", () => {
    expect(quote("p\u0430ypal")).toBe('"p\\u0430ypal"');
    expect(quote("ad\u200bmin\u202e")).toBe('"ad\\u200bmin\\u202e"');
    expect(quote("\u001b[2J")).toBe('"\\u001b[2J"');
    expect(showValue("caf\u00e9")).toBe('"caf\\u00e9"');
  });

  it("names a number JSON cannot write instead of writing null", () => {
    expect(showValue(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(showValue(Number.NEGATIVE_INFINITY)).toBe("-Infinity");
  });

  it("shortens a long value without cutting an escape in two", () => {
    // GIVEN 60 characters outside ASCII, 360 characters escaped
    const shown = quote("\u0430".repeat(60));
    // THEN the shortened value ends on a whole escape
    expect(shown).toMatch(/^"(?:\\u0430)+\.\.\.$/);
    expect(shown.length).toBeLessThanOrEqual(60);
  });
});

describe("the secrets of a run", () => {
  it("are masked wherever they appear, a longer one before a shorter one it contains", () => {
    const secrets = new Secrets();
    secrets.add("abc.atlasv1.defghijk");
    secrets.add("abc.atlasv1");
    secrets.add(undefined);
    expect(secrets.mask("user abc.atlasv1.defghijk and abc.atlasv1")).toBe("user <token> and <token>");
  });

  it("leave a value too short to be a token alone, which would garble every line with that word in it", () => {
    const secrets = new Secrets();
    secrets.add("token");
    expect(secrets.mask("ok      token: a user token of facilitator")).toBe(
      "ok      token: a user token of facilitator",
    );
  });

  it("are the session's own token and each token it makes a client for", () => {
    // GIVEN a session with the facilitator's token, and a client for an attendee's
    const secrets = new Secrets();
    const session = new ApiSession(
      { TFE_ADDRESS: "http://127.0.0.1:9", TFE_TOKEN: "facilitator-token" },
      { secrets },
      "verify",
    );
    session.client("attendee-token");
    session.finish();
    // THEN both are masked
    expect(secrets.mask("facilitator-token attendee-token")).toBe("<token> <token>");
  });
});

describe("commands print nothing raw", () => {
  const directory = scratchDirectory();
  const TOKEN = fakeToken("T3rm1nalUser0");
  const ECHOED = fakeToken("Ech0edAsName0");
  const ORG = "acme-aws-workshop";
  const tokens = new Map<string, FakeIdentity>([
    [TOKEN, { kind: "user", username: `${TITLE_AND_CLEAR}${FORGED_LINE}`, owns: [ORG] }],
    // A server that answers with the token the command sent as the user's name.
    [ECHOED, { kind: "user", username: ECHOED, owns: [ORG] }],
  ]);
  const config = configFile(directory, "room.json", {
    organization: { name: ORG, email: "f@example.com", create: false },
    attendees: ["ann"],
  });
  let fake: FakeCloud;
  const env = (token: string) => ({
    WORKSHOP_CONFIG: config,
    TFE_ADDRESS: fake.address,
    TFE_TOKEN: token,
    CDKTF_OUTDIR: `${directory}/cdktf.out`,
  });
  beforeAll(async () => {
    fake = await fakeTerraformCloud({
      organizations: [
        {
          name: ORG,
          teams: true,
          workspaces: [
            { id: "ws-ann", name: "aws_workshop-ann", stateAt: `2026-11-24T10:00:00Z${TITLE_AND_CLEAR}\u202e` },
          ],
        },
      ],
      tokens,
    });
  });
  afterAll(() => fake?.close());

  it(
    "escapes a user name from Terraform Cloud that would set the title, clear the " +
      "screen and forge a line, and masks a token echoed back as one",
    async () => {
      // GIVEN a caller of its own, not the CLI: the command does it itself
      const captured = capture(directory);
      // WHEN preflight runs against the server that echoes the token, and the one whose user name is hostile
      await preflight({ env: env(ECHOED), now: new Date(), ...captured.options });
      await preflight({ env: env(TOKEN), now: new Date(), ...captured.options });
      // THEN its lines hold neither the token nor a raw control character
      expect(captured.printed).toContain("ok      token: a user token of <token>");
      expect(captured.printed).toContain(
        "ok      token: a user token of \\u001b]0;pwned\\u0007\\u001b[2J\\u001b[Hx\\nerror [token-expires] forged",
      );
      expect([...captured.printed, ...captured.reported].join("")).not.toContain(ECHOED);
      expect([...captured.printed, ...captured.reported].join("")).not.toMatch(UNSAFE_CHARACTER);
    },
  );

  it(
    "prints status --json with nothing raw in it: a date that holds " +
      "escape sequences is no date, so it is unreadable",
    async () => {
      const captured = capture(directory);
      expect(await status({ env: env(TOKEN), now: new Date(), json: true, ...captured.options })).toBe(0);
      expect(captured.printed.join("")).not.toMatch(UNSAFE_CHARACTER);
      expect(JSON.parse(captured.printed.join("\n"))).toEqual([
        {
          workspace: "aws_workshop",
          attendee: null,
          invitation: "none",
          exists: false,
          hasState: false,
          resources: null,
          lastStateAt: null,
          team: null,
          tokenLastUsedAt: null,
          tokenVerifiedAt: null,
          tokenExpiresAt: null,
        },
        {
          workspace: "aws_workshop-ann",
          attendee: "ann",
          invitation: "none",
          exists: true,
          hasState: true,
          resources: 0,
          lastStateAt: "unreadable",
          team: "aws_workshop-ann",
          tokenLastUsedAt: null,
          tokenVerifiedAt: null,
          tokenExpiresAt: null,
        },
      ]);
    },
  );

  it("escapes a command-line argument it quotes back in a usage error", async () => {
    const { stderr, status } = await runInProcess("handout", [`--carol${TITLE_AND_CLEAR}`], env(TOKEN));
    expect(stderr).toBe(
      'handout: unknown option "--carol\\u001b]0;pwned\\u0007\\u001b[2J\\u001b[H"; ' +
        "usage: npm run handout -- NAME [--with-token] [--outputs FILE] | --all --out " +
        "DIR [--with-token] [--outputs FILE] (--help for more)\n",
    );
    expect(status).toBe(2);
  });
});
