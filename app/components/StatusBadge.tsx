// A state shown in words with a colour that only repeats what the words say (never colour alone).
export type Tone = "neutral" | "info" | "success" | "warning" | "danger" | "muted";

const TONES: Record<string, Tone> = {
  // calls
  draft: "muted",
  published: "info",
  open: "success",
  closed: "neutral",
  under_evaluation: "info",
  awarded: "success",
  archived: "muted",
  // proposals
  submitted: "info",
  admin_check: "info",
  cn_evaluation: "info",
  full_evaluation: "info",
  full_submitted: "info",
  eligibility_check: "info",
  preselected: "success",
  invited_full: "warning",
  provisionally_selected: "success",
  reserve_list: "warning",
  contracted: "success",
  rejected_admin: "danger",
  not_preselected: "danger",
  rejected: "danger",
  withdrawn: "muted",
};

export function toneFor(state: string): Tone {
  return TONES[state] ?? "neutral";
}

export function StatusBadge({ state, label }: { state: string; label: string }) {
  return (
    <span className={`badge badge--${toneFor(state)}`} data-state={state}>
      {label}
    </span>
  );
}
