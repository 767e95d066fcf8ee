/** Every Terraform Cloud resource this project reads, one module each: its path, its type, its parser, its read. */
export * from "./account";
export * from "./entitlement-sets";
export * from "./organization-memberships";
export * from "./organization-tokens";
export * from "./organizations";
export * from "./projects";
export * from "./resource";
export * from "./state-versions";
export * from "./team-tokens";
export * from "./teams";
export * from "./workspaces";
