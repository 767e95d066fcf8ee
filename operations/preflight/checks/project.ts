import { nameKey } from "../../../terraform-cloud/naming-rules";
import type { Project } from "../../../terraform-cloud/resources";
import {
  blocker,
  managedBy,
  ok,
  OWNER_TOKEN_FIX,
  seesEverything,
  warning,
  type CheckItem,
  type PreflightCheck,
} from "../check";
import type { ManagedProject } from "../../stack-state";

/** What the lines of the config's project read: the organization's projects, and the one of the config's name. */
interface ProjectContext {
  readonly subject: string;
  readonly name: string;
  readonly existing: readonly Project[];
  /** The project holding the config's name in any case, when there is one. */
  readonly named: Project | undefined;
  readonly seesAll: boolean;
}

/** The line of the config's project, and the project in Terraform Cloud that the stack deploys, when there is one. */
interface ProjectLine {
  readonly item: CheckItem;
  readonly target?: Project;
}

/**
 * The blocker of a project the deploy would rename to the config's name while another project holds that name, or
 * undefined when none does; `is` says how the project is known ("is managed by this stack as", "prj-1 is named").
 */
function renameBlocked(context: ProjectContext, target: Project, is: string, fix: string): CheckItem | undefined {
  const { named } = context;
  if (named === undefined || named.id === target.id) return undefined;
  return blocker(
    context.subject,
    `${is} "${target.name}", and renaming it would fail: project ${named.id} is named "${named.name}"`,
    fix,
  );
}

/** A project dropped from the config that the stack managed: the deploy forgets it. */
const forgottenProject = (managed: ManagedProject): CheckItem =>
  ok(
    `project "${managed.name ?? managed.id}"`,
    "managed by this stack until now: the deploy forgets it (a removed block) and its " +
      "workspaces stay in it; nothing is destroyed, delete it by hand once it is empty",
  );

/** The project the stack manages: gone, hidden, renamed onto another's name, or there. */
function managedProjectLine(context: ProjectContext, managedId: string | undefined): ProjectLine {
  const { subject, name, existing } = context;
  const target = existing.find((candidate) => candidate.id === managedId);
  if (target === undefined && !context.seesAll) {
    return {
      item: blocker(
        subject,
        `is managed by this stack (${managedId}) and not visible to this token: ` +
          "preflight cannot tell whether it was deleted or is only hidden from it",
        OWNER_TOKEN_FIX,
      ),
    };
  }
  if (target === undefined) {
    return {
      item: warning(
        subject,
        `is managed by this stack (${managedId}) but not in Terraform Cloud (deleted by ` +
          "hand?): the deploy creates it again and moves the workspaces into it",
        "if it was deleted on purpose, nothing to do",
      ),
    };
  }
  const blocked = renameBlocked(
    context,
    target,
    "is managed by this stack as",
    `set project.name back to "${target.name}", or choose another name`,
  );
  if (blocked !== undefined) return { target, item: blocked };
  return {
    target,
    item: ok(
      subject,
      target.name === name
        ? "managed by this stack"
        : `managed by this stack as "${target.name}": the deploy renames it, its workspaces staying in it`,
    ),
  };
}

/** The project the config's import.project names: missing, renamed onto another's name, renamed, or adopted as is. */
function importedProjectLine(context: ProjectContext, importId: string): ProjectLine {
  const { subject, name, existing } = context;
  const target = existing.find((candidate) => candidate.id === importId);
  if (target === undefined) {
    return {
      item: blocker(
        subject,
        `import.project names ${importId}, which is not a project of the organization this token sees`,
        "check the id in the project's settings in Terraform Cloud, or " +
          "remove import.project so that the project is created",
      ),
    };
  }
  const blocked = renameBlocked(
    context,
    target,
    `${importId} is named`,
    `set project.name to "${target.name}" to adopt it as it is, or choose another name`,
  );
  if (blocked !== undefined) return { target, item: blocked };
  if (target.name !== name) {
    return {
      target,
      item: warning(
        subject,
        `exists as "${target.name}" (${importId}) and will be adopted: the deploy renames it to "${name}"`,
        `set project.name to "${target.name}" to keep its name`,
      ),
    };
  }
  return { target, item: ok(subject, `exists (${importId}) and will be adopted`) };
}

/** A project neither managed nor imported: in the way of one of its name, perhaps unseen, or to create. */
function newProjectLine({ subject, name, named, seesAll }: ProjectContext): CheckItem {
  if (named !== undefined) {
    return blocker(
      subject,
      `exists already (${named.id}` +
        `${named.name === name ? "" : `, as "${named.name}"`}) and this stack does ` +
        "not manage it: creating it would fail",
      `set "import": { "project": "${named.id}" } to adopt it, or choose another project.name`,
    );
  }
  if (!seesAll) {
    return warning(
      subject,
      "not visible to this token, taken as to create: if it exists unseen, creating it makes the deploy fail",
      OWNER_TOKEN_FIX,
    );
  }
  return ok(subject, "to create");
}

/** The warning of a project whose auto-destroy setting would reach the workshop's workspaces. */
function autoDestroyLines(subject: string, target: Project | undefined): CheckItem[] {
  const duration = target?.autoDestroyActivityDuration;
  if (duration === undefined) return [];
  return [
    warning(
      subject,
      `gives each of its workspaces an auto-destroy run after ${duration} ` +
        "without activity, the workshop's workspaces included",
      "clear the project's auto-destroy setting in Terraform Cloud, unless the room's " +
        "infrastructure should be destroyed after that long without activity",
    ),
  ];
}

/**
 * Whether the config's project is managed by this stack, exists and is adopted, is in the way or is to create; or,
 * dropped from the config, is forgotten. Terraform Cloud tells project names apart without case (tfe's
 * data_source_project.go), so a project of the name in any case is in the way. The fix of a project in the way never
 * makes Terraform forget or destroy anything: adopt it, or choose another name.
 */
export const projectCheck: PreflightCheck = (config, facts) => {
  const managed = managedBy(facts);
  if (managed === undefined) return [];
  const project = config.project;
  if (project === undefined) return managed.project === undefined ? [] : [forgottenProject(managed.project)];
  const existing = facts.projects;
  if (existing === undefined) return [];
  const context: ProjectContext = {
    subject: `project "${project.name}"`,
    name: project.name,
    existing,
    named: existing.find((candidate) => nameKey(candidate.name) === nameKey(project.name)),
    seesAll: seesEverything(facts),
  };
  const importId = config.import?.project;
  const { item, target }: ProjectLine =
    managed.project !== undefined
      ? managedProjectLine(context, managed.project.id)
      : importId !== undefined
        ? importedProjectLine(context, importId)
        : { item: newProjectLine(context) };
  return [item, ...autoDestroyLines(context.subject, target)];
};
