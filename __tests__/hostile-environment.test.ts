import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { board } from "../commands/board";
import { COMMAND_SPECS, type CommandName } from "../commands/cli";
import type { RunnableCommand } from "../commands/usage";
import { deploy } from "../commands/deploy";
import { handoutText } from "../operations/handout";
import { apiAccess, withStateToken } from "../terraform-cloud/access";
import { tokenVariable } from "../terraform-cloud/hostname";
import { startStandIn as fakeTerraformCloud, type StandIn as FakeCloud } from "../terraform-cloud/stand-in";
import { fakeToken } from "./workshop-day-support";
import { capture, configFile, scratchDirectory } from "./workshop-day-support";

const ORG = "acme-aws-workshop";
const TOKEN = fakeToken("Env1r0nmentUsr");
/**
 * A password that must never be printed, joined at run time so that the secret scan of this file finds no URL
 * credentials.
 */
const PASSWORD = "S3cretPassw0rd";
const withCredentials = (address: string) => address.replace("://", `://${["facilitator", PASSWORD].join(":")}@`);
const HOST_RULE =
  'a host name such as "tfe.example.com" or "tfe.example.com:8443": ' +
  'labels of 1 to 63 letters, digits or "-", port 1 to 65535';

const directory = scratchDirectory();
const roomFile = configFile(directory, "room.json", {
  organization: { name: ORG, email: "f@example.com" },
  teams: [{ name: "ci", access: { aws_workshop: "write" }, token: { description: "ci", rotationDays: 30 } }],
  attendees: ["ann"],
});
const outputsFile = join(directory, "outputs.json");
writeFileSync(
  outputsFile,
  JSON.stringify({
    workspace_ids: { value: { aws_workshop: "ws-1" } },
    team_ids: { value: { ci: "team-1" } },
    attendee_tokens: { value: { ann: TOKEN } },
  }),
);

let fake: FakeCloud;
beforeAll(async () => {
  fake = await fakeTerraformCloud({ organizations: [], tokens: new Map() });
});
afterAll(() => fake?.close());

/** Every command whose spec says it reads TFE_ADDRESS: each is run here, a new one as soon as its spec says so. */
const RUNNERS: ReadonlyMap<CommandName, RunnableCommand> = new Map(
  Object.values(COMMAND_SPECS).flatMap((spec) =>
    "run" in spec && (spec.reads as readonly string[]).includes("TFE_ADDRESS") ? [[spec.name, spec] as const] : [],
  ),
);
const CALLING = [...RUNNERS.keys()];
type Command = (typeof CALLING)[number];

type Options = ReturnType<typeof capture>["options"];

/** The words each command is run with, where none would be a usage mistake. */
const ARGUMENTS: Readonly<Partial<Record<Command, readonly string[]>>> = {
  verify: ["--outputs", outputsFile],
  handout: ["ann"],
};

/**
 * The two commands that, past the checks these tests are about, would deploy or serve until stopped: run with a
 * cdktf that is not run and a board that stops at once, so that a check that let them through fails here, not hangs.
 */
const FENCED: Readonly<Partial<Record<Command, (env: NodeJS.ProcessEnv, options: Options) => Promise<number>>>> = {
  deploy: (env, options) =>
    deploy({
      env,
      now: new Date(),
      args: [],
      runCdktf: () => 0,
      findTerraform: () => "/usr/local/bin/terraform",
      ...options,
    }),
  board: (env, options) => board({ env, now: new Date(), port: 0, stop: Promise.resolve(), ...options }),
};

/** Runs a command as its runner in the table would, with the test's home and pacing. */
function runCalling(command: Command, env: NodeJS.ProcessEnv, options: Options): number | Promise<number> {
  const fenced = FENCED[command];
  if (fenced !== undefined) return fenced(env, options);
  return RUNNERS.get(command)!.run(ARGUMENTS[command] ?? [], { env, now: new Date(), ...options });
}

it("finds in the table every command that calls Terraform Cloud or writes its host into a handout", () => {
  // A floor, not the list: a new command joins by its spec alone, and one of these that stopped saying so fails.
  expect(CALLING).toEqual(expect.arrayContaining(["preflight", "deploy", "verify", "status", "handout", "board"]));
});

/**
 * Runs a command with an environment; returns what it printed and reported, its exit code and the requests the server
 * saw.
 */
async function runWith(command: Command, environment: NodeJS.ProcessEnv) {
  const captured = capture(directory);
  const env = {
    WORKSHOP_CONFIG: roomFile,
    CDKTF_OUTDIR: join(directory, "cdktf.out"),
    TFE_TOKEN: TOKEN,
    ...environment,
  };
  const before = fake.requests.length;
  const code = await runCalling(command, env, captured.options);
  return { code, printed: captured.printed, reported: captured.reported, requests: fake.requests.length - before };
}

/** The prefix each command's one line starts with. */
const prefix = (command: Command) => command;

describe("TFE_ADDRESS", () => {
  it.each(CALLING)(
    "fails in %s when it holds a user name and password, never printing the password, asking nothing",
    async (command) => {
      const outdir = join(directory, `refused-${command}`);
      const { code, printed, reported, requests } = await runWith(command, {
        TFE_ADDRESS: withCredentials(fake.address),
        CDKTF_OUTDIR: outdir,
      });
      expect(reported[0]).toBe(
        `${prefix(command)}: TFE_ADDRESS: must not hold a user name or password; ` +
          `give the address as "${fake.address}" and the token in TFE_TOKEN`,
      );
      expect([...printed, ...reported].join("\n")).not.toContain(PASSWORD);
      expect(code).toBe(1);
      expect(requests).toBe(0);
      expect(existsSync(outdir), "nothing written").toBe(false);
    },
  );

  it.each([
    ["file:///etc/hostname", 'but "file:///etc/hostname" was provided'],
    ["tfe.example.com", 'but "tfe.example.com" was provided'],
    ["ftp://tfe.example.com", 'but "ftp://tfe.example.com" was provided'],
  ])("fails when it is %s, saying it must be an http or https URL", async (address, provided) => {
    const { code, reported } = await runWith("status", { TFE_ADDRESS: address });
    expect(reported).toEqual([
      `status: TFE_ADDRESS: must be an http or https URL such as "https://tfe.example.com", ${provided}`,
    ]);
    expect(code).toBe(1);
  });

  it("fails when a token was pasted into it, never quoting the token", async () => {
    const { code, printed, reported } = await runWith("status", { TFE_ADDRESS: TOKEN });
    expect(reported).toEqual([
      'status: TFE_ADDRESS: must be an http or https URL such as "https://tfe.example.com", but ' +
        "a value that looks like a Terraform Cloud token (not shown) was provided",
    ]);
    expect([...printed, ...reported].join("\n")).not.toContain(TOKEN.slice(0, 14));
    expect(code).toBe(1);
  });

  it("fails when it has a query, which the API paths would be appended to", async () => {
    const { reported } = await runWith("verify", { TFE_ADDRESS: `${fake.address}/?next=1` });
    expect(reported).toEqual([
      `verify: TFE_ADDRESS: must be an http or https URL such as "https://tfe.example.com" ` +
        `without a query or fragment, but "${fake.address}/?next=1" was provided`,
    ]);
  });
});

describe("TFE_HOSTNAME", () => {
  it.each(CALLING)("fails in %s when it would break out of the handout's HCL string", async (command) => {
    const { code, printed, reported, requests } = await runWith(command, { TFE_HOSTNAME: 'x" } evil = "1' });
    expect(reported[0]).toBe(
      `${prefix(command)}: TFE_HOSTNAME: must be ${HOST_RULE}, but "x\\" } evil = \\"1" was provided`,
    );
    expect(printed).toEqual([]);
    expect(code).toBe(1);
    expect(requests).toBe(0);
  });

  it.each([
    "https://tfe.example.com",
    "tfe.example.com/path",
    "tfe.example.com:0",
    "t\u0430fe.example.com",
    "-tfe.example.com",
  ])("fails in handout when it is %j, printing no TF_TOKEN_ variable", async (hostname) => {
    const { code, printed, reported } = await runWith("handout", { TFE_HOSTNAME: hostname });
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatch(/^handout: TFE_HOSTNAME: must be a host name such as /);
    expect(printed).toEqual([]);
    expect(code).toBe(1);
  });

  it(
    "puts a host with a port in the handout with terraform " + "login, since no TF_TOKEN_ variable can name it",
    async () => {
      const { code, printed } = await runWith("handout", { TFE_HOSTNAME: "tfe.example.com:8443" });
      const text = printed.join("\n");
      expect(code).toBe(0);
      expect(text).toContain('    hostname     = "tfe.example.com:8443"');
      expect(text).toContain(
        "Run `terraform login tfe.example.com:8443` and paste the token when asked. Terraform cannot " +
          "read the token of a host with a port from a TF_TOKEN_ environment variable.",
      );
      expect(text).toContain(
        "For a CI pipeline, put it in a `credentials " +
          '"tfe.example.com:8443"` block of the Terraform CLI configuration ' +
          "instead.",
      );
      expect(text).not.toContain("TF_TOKEN_tfe");
    },
  );
});

describe("the token", () => {
  it.each([
    ["TFE_TOKEN", { TFE_TOKEN: `${TOKEN}\nX-Injected: 1` }],
    ["TF_TOKEN_app_terraform_io", { TFE_TOKEN: "", TF_TOKEN_app_terraform_io: `${TOKEN}\u200b` }],
  ])(
    "fails when %s holds a character no HTTP header carries, never printing it, asking nothing",
    async (source, environment) => {
      const { code, reported, requests } = await runWith("preflight", environment);
      expect(reported).toEqual([
        `preflight: ${source}: must be a token of visible ASCII characters, but it holds ` +
          "a space, a control or a non-ASCII character; copy the token again",
      ]);
      expect(code).toBe(1);
      expect(requests).toBe(0);
    },
  );
});

describe("Terraform's TF_TOKEN_ variable for a host", () => {
  it(
    "follows Terraform's rule: periods as _, hyphens as __, " + "punycode as it is, and none for a host with a port",
    () => {
      expect(tokenVariable("app.terraform.io")).toBe("TF_TOKEN_app_terraform_io");
      expect(tokenVariable("my-tfe.example.com")).toBe("TF_TOKEN_my__tfe_example_com");
      expect(tokenVariable("xn--caf-dma.fr")).toBe("TF_TOKEN_xn____caf__dma_fr");
      expect(tokenVariable("tfe.example.com:8443")).toBeUndefined();
    },
  );

  it("is not looked for when the host has a port: the token comes from TFE_TOKEN or terraform login", () => {
    expect(apiAccess({ TFE_HOSTNAME: "tfe.example.com:8443", TF_TOKEN_tfe_example_com: "t" }, directory)).toEqual({
      address: "https://tfe.example.com:8443",
      hostname: "tfe.example.com:8443",
      tokenSource: "none",
    });
  });

  describe("set for Terraform's cloud block from the command's token", () => {
    const token = "Fac1l1tat0rT0ken.atlasv1.0123456789";
    const custom = "my-tfe.example.com";

    it("is TF_TOKEN_<host> for the state's host, app.terraform.io's and a custom host's, from TFE_TOKEN", () => {
      // GIVEN a facilitator with only TFE_TOKEN, for the host the state is kept on
      const env = { TFE_TOKEN: token };
      const customEnv = { TFE_TOKEN: token, TFE_HOSTNAME: custom };
      // WHEN Terraform's environment is made for that state THEN it holds the token, named by Terraform's rule
      expect(withStateToken(env, apiAccess(env, directory), "app.terraform.io")).toEqual({
        TFE_TOKEN: token,
        TF_TOKEN_app_terraform_io: token,
      });
      expect(withStateToken(customEnv, apiAccess(customEnv, directory), custom)).toMatchObject({
        TF_TOKEN_my__tfe_example_com: token,
      });
    });

    it("keeps the user's own TF_TOKEN_<host>, in whatever case Terraform reads it", () => {
      const own = { TFE_TOKEN: token, TF_TOKEN_app_terraform_io: "own" };
      const upper = { TFE_TOKEN: token, TF_TOKEN_APP_TERRAFORM_IO: "own" };
      expect(withStateToken(own, apiAccess(own, directory), "app.terraform.io")).toEqual(own);
      expect(withStateToken(upper, apiAccess(upper, directory), "app.terraform.io")).toEqual(upper);
    });

    it("is not set for a state on another host than the token's, on a host with a port, nor without state", () => {
      // GIVEN a token for a Terraform Enterprise, and a state on app.terraform.io
      const env = { TFE_TOKEN: token, TFE_HOSTNAME: custom };
      const withPort = { TFE_TOKEN: token, TFE_HOSTNAME: "tfe.example.com:8443" };
      // WHEN Terraform's environment is made THEN it is the user's, as it was
      expect(withStateToken(env, apiAccess(env, directory), "app.terraform.io")).toEqual(env);
      expect(withStateToken(withPort, apiAccess(withPort, directory), "tfe.example.com:8443")).toEqual(withPort);
      expect(withStateToken(env, apiAccess(env, directory), undefined)).toEqual(env);
      expect(withStateToken({}, apiAccess({}, directory), "app.terraform.io")).toEqual({});
      // AND a token read through TFE_ADDRESS (a stand-in's, a proxy's) is never named for the state's host, to which
      // Terraform would send it
      const throughAddress = { TFE_TOKEN: token, TFE_ADDRESS: "http://127.0.0.1:8080" };
      const addressed = apiAccess(throughAddress, directory);
      expect(withStateToken(throughAddress, addressed, "app.terraform.io")).toEqual(throughAddress);
    });
  });

  it("is in the handout of a host without a port", () => {
    const text = handoutText(
      { kind: "attendee", name: "ann", workspaces: ["w"], fileName: "attendee-ann.md" },
      { organization: ORG, hostname: "my-tfe.example.com" },
    );
    expect(text).toContain("export TF_TOKEN_my__tfe_example_com=<your token>");
  });
});
