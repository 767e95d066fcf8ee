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
  if (project === undefined) {
    if (managed.project === undefined) return [];
    return [
      ok(
        `project "${managed.project.name ?? managed.project.id}"`,
        "managed by this stack until now: the deploy forgets it (a removed block) and its workspaces stay in it; nothing is destroyed, delete it by hand once it is empty",
      ),
    ];
  }
  const existing = facts.projects;
  if (existing === undefined) return [];
  const subject = `project "${project.name}"`;
  const named = existing.find((candidate) => nameKey(candidate.name) === nameKey(project.name));
  /** A project other than `self` holding the config's name, which a rename to it would collide with. */
  const clash = (self: Project) => (named !== undefined && named.id !== self.id ? named : undefined);
  const importId = config.import?.project;
  const items: CheckItem[] = [];
  let target: Project | undefined;
  if (managed.project !== undefined) {
    target = existing.find((candidate) => candidate.id === managed.project!.id);
    if (target === undefined && !seesEverything(facts)) {
      items.push(
        blocker(
          subject,
          `is managed by this stack (${managed.project.id}) and not visible to this token: preflight cannot tell whether it was deleted or is only hidden from it`,
          OWNER_TOKEN_FIX,
        ),
      );
    } else if (target === undefined) {
      items.push(
        warning(
          subject,
          `is managed by this stack (${managed.project.id}) but not in Terraform Cloud (deleted by hand?): the deploy creates it again and moves the workspaces into it`,
          "if it was deleted on purpose, nothing to do",
        ),
      );
    } else if (clash(target) !== undefined) {
      items.push(
        blocker(
          subject,
          `is managed by this stack as "${target.name}", and renaming it would fail: project ${clash(target)!.id} is named "${clash(target)!.name}"`,
          `set project.name back to "${target.name}", or choose another name`,
        ),
      );
    } else {
      items.push(
        ok(
          subject,
          target.name === project.name
            ? "managed by this stack"
            : `managed by this stack as "${target.name}": the deploy renames it, its workspaces staying in it`,
        ),
      );
    }
  } else if (importId !== undefined) {
    target = existing.find((candidate) => candidate.id === importId);
    if (target === undefined) {
      items.push(
        blocker(
          subject,
          `import.project names ${importId}, which is not a project of the organization this token sees`,
          "check the id in the project's settings in Terraform Cloud, or remove import.project so that the project is created",
        ),
      );
    } else if (clash(target) !== undefined) {
      items.push(
        blocker(
          subject,
          `${importId} is named "${target.name}", and renaming it would fail: project ${clash(target)!.id} is named "${clash(target)!.name}"`,
          `set project.name to "${target.name}" to adopt it as it is, or choose another name`,
        ),
      );
    } else if (target.name !== project.name) {
      items.push(
        warning(
          subject,
          `exists as "${target.name}" (${importId}) and will be adopted: the deploy renames it to "${project.name}"`,
          `set project.name to "${target.name}" to keep its name`,
        ),
      );
    } else {
      items.push(ok(subject, `exists (${importId}) and will be adopted`));
    }
  } else if (named !== undefined) {
    items.push(
      blocker(
        subject,
        `exists already (${named.id}${named.name === project.name ? "" : `, as "${named.name}"`}) and this stack does not manage it: creating it would fail`,
        `set "import": { "project": "${named.id}" } to adopt it, or choose another project.name`,
      ),
    );
  } else if (!seesEverything(facts)) {
    items.push(
      warning(
        subject,
        "not visible to this token, taken as to create: if it exists unseen, creating it makes the deploy fail",
        OWNER_TOKEN_FIX,
      ),
    );
  } else {
    items.push(ok(subject, "to create"));
  }
  const duration = target?.autoDestroyActivityDuration;
  if (duration !== undefined) {
    items.push(
      warning(
        subject,
        `gives each of its workspaces an auto-destroy run after ${duration} without activity, the workshop's workspaces included`,
        "clear the project's auto-destroy setting in Terraform Cloud, unless the room's infrastructure should be destroyed after that long without activity",
      ),
    );
  }
  return items;
};
