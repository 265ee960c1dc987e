import type { ScheduleImportReport, ScheduleLineErrorReport } from '../../../../core';
import { lineProblem, reportFacts, reportHeadline } from '../../domain/scheduleFiles';

const FACT_GROUPS = [
  { group: 'file', title: 'In the file' },
  { group: 'flights', title: 'Flights in the live window' },
] as const;

/** The hub's report of a dry run or an import: a headline, then every count. */
export function ImportReportView({ report }: { report: ScheduleImportReport }) {
  const facts = reportFacts(report);
  return (
    <section
      className="sched-report"
      data-testid="import-report"
      data-dry-run={report.dryRun ? 'true' : 'false'}
    >
      <p className={report.dryRun ? 'sched-headline' : 'sched-headline sched-done'}>
        {reportHeadline(report)}
      </p>
      <div className="sched-fact-groups">
        {FACT_GROUPS.map(({ group, title }) => (
          <dl key={group} className="sched-facts">
            <h3 className="sched-facts-title">{title}</h3>
            {facts
              .filter((fact) => fact.group === group)
              .map((fact) => (
                <div
                  key={fact.key}
                  // Colour only a count that is not zero: it is what the supervisor looks for.
                  className={`sched-fact${fact.value === '0' ? '' : ` sched-fact-${fact.key}`}`}
                >
                  <dt>{fact.label}</dt>
                  <dd data-testid={`report-${fact.key}`}>{fact.value}</dd>
                </div>
              ))}
          </dl>
        ))}
      </div>
    </section>
  );
}

/** How many refused lines the list shows; the hub reports at most 100. */
const SHOWN_ERRORS = 20;

/** The lines the hub refused, first ones first, with their line numbers. */
export function LineErrorsView({
  summary,
  errors,
}: {
  summary: string;
  errors: readonly ScheduleLineErrorReport[];
}) {
  const shown = errors.slice(0, SHOWN_ERRORS);
  return (
    <section className="sched-errors" data-testid="import-errors" role="alert">
      <p className="sched-problem">{summary}</p>
      {shown.length > 0 && (
        <table className="sched-error-table">
          <thead>
            <tr>
              <th className="num">Line</th>
              <th>Problem</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((error) => {
              const { line, problem } = lineProblem(error);
              return (
                <tr key={`${line}:${problem}`} data-testid="import-error-line" data-line={line}>
                  <td className="num mono">{line}</td>
                  <td>{problem}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {errors.length > shown.length && (
        <p className="sched-more">
          … and {errors.length - shown.length} more lines. Fix these first, then check again.
        </p>
      )}
    </section>
  );
}
