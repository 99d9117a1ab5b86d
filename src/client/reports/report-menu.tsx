// Placeholder until the report feature lands: export buttons for one visit.
export function ReportMenu(_props: { visitId: string }) {
  return null;
}
