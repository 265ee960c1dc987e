import { useState, type DragEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  SCHEDULE_FORMATS,
  type ScheduleFormat,
  type ScheduleImportReport,
  type ScheduleLineErrorReport,
} from '../../../../core';
import {
  describeImportRefusal,
  detectScheduleFormat,
  fileSizeProblem,
  formatBytes,
  progressSummary,
  type FormatGuess,
} from '../../domain/scheduleFiles';
import { clearScheduleProgress, useScheduleImportStore } from '../../stores/scheduleImportStore';
import { useSessionStore } from '../../stores/sessionStore';
import { importSchedule } from '../../sync/scheduleImports';
import { ImportReportView, LineErrorsView } from './ImportReportView';
import { ScheduleDialogFrame } from './ScheduleDialogFrame';

const FORMAT_LABELS: Record<ScheduleFormat, string> = { ssim: 'SSIM (Chapter 7)', csv: 'CSV' };
/** Enough of the file to tell SSIM (200-character records) from CSV. */
const HEAD_BYTES = 4096;
/** Progress older than this is not an import running now. */
const LIVE_PROGRESS_MS = 10_000;

interface ChosenFile {
  file: File;
  guess: FormatGuess;
  format: ScheduleFormat | null;
}

type Step =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'checked'; report: ScheduleImportReport }
  | { kind: 'importing' }
  | { kind: 'imported'; report: ScheduleImportReport }
  | { kind: 'invalid'; summary: string; errors: ScheduleLineErrorReport[] }
  | { kind: 'refused'; message: string };

/**
 * Importing a schedule file (contract section 7): choose or drop it, the format told from its
 * name or first lines (or chosen), a dry run's report first, then the import with the hub's
 * progress, then its report. Nothing is sent before the dry run, and the import only after it.
 */
export function ScheduleImportDialog({ onClose }: { onClose: () => void }) {
  const { hubUrl, token, username } = useSessionStore(
    useShallow((s) => ({ hubUrl: s.hubUrl, token: s.token, username: s.user?.username })),
  );
  const [chosen, setChosen] = useState<ChosenFile | null>(null);
  const [step, setStep] = useState<Step>({ kind: 'idle' });
  const [dragging, setDragging] = useState(false);
  const busy = step.kind === 'checking' || step.kind === 'importing';

  const send = async (target: ChosenFile, dryRun: boolean) => {
    if (!hubUrl || !token || !target.format) return;
    clearScheduleProgress();
    setStep({ kind: dryRun ? 'checking' : 'importing' });
    try {
      const outcome = await importSchedule(hubUrl, token, target.file, target.format, dryRun);
      if (outcome.ok) {
        setStep({ kind: dryRun ? 'checked' : 'imported', report: outcome.report });
      } else if (outcome.code === 'INVALID') {
        setStep({
          kind: 'invalid',
          summary: describeImportRefusal(outcome),
          errors: outcome.errors,
        });
      } else {
        setStep({ kind: 'refused', message: describeImportRefusal(outcome, otherImporter()) });
      }
    } catch (error) {
      setStep({ kind: 'refused', message: (error as Error).message });
    }
  };

  /** Who runs the import the hub is busy with, when its progress came in just now. */
  const otherImporter = (): string | null => {
    const { progress, progressAt } = useScheduleImportStore.getState();
    if (!progress || !progressAt || Date.now() - progressAt > LIVE_PROGRESS_MS) return null;
    return progress.by === username ? null : progress.by;
  };

  const choose = async (file: File | undefined) => {
    if (!file || busy) return;
    const tooBig = fileSizeProblem(file.size);
    const guess = tooBig
      ? { format: null, reason: '' }
      : detectScheduleFormat(file.name, await file.slice(0, HEAD_BYTES).text());
    const next = { file, guess, format: guess.format };
    setChosen(next);
    if (tooBig) return setStep({ kind: 'refused', message: tooBig });
    if (!next.format) return setStep({ kind: 'idle' });
    await send(next, true);
  };

  const chooseFormat = (format: ScheduleFormat) => {
    if (!chosen || busy) return;
    const next = { ...chosen, format };
    setChosen(next);
    void send(next, true);
  };

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    void choose(event.dataTransfer.files[0]);
  };

  const tooBig = chosen ? fileSizeProblem(chosen.file.size) !== null : false;
  return (
    <ScheduleDialogFrame
      title="Import schedule"
      subtitle="SSIM or CSV, up to 50 MB. A dry run shows what would change; nothing changes until you import."
      testId="schedule-import-dialog"
      onClose={onClose}
    >
      <div className="sched-body">
        <label
          className={dragging ? 'sched-drop sched-drop-over' : 'sched-drop'}
          data-testid="schedule-drop"
          onDragOver={(event) => {
            event.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <input
            type="file"
            className="sched-file-input"
            data-testid="schedule-file"
            accept=".csv,.ssim,.txt,.dat,text/csv,text/plain"
            disabled={busy}
            onChange={(event) => {
              void choose(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
          {chosen ? (
            <span className="sched-file" data-testid="schedule-file-name">
              <strong>{chosen.file.name}</strong> · {formatBytes(chosen.file.size)}
            </span>
          ) : (
            <span>Drop a schedule file here</span>
          )}
          <span className="button-quiet sched-choose">
            {chosen ? 'Choose another file' : 'Choose file'}
          </span>
        </label>

        {chosen && !tooBig && (
          <div className="sched-format">
            <label>
              Format{' '}
              <select
                data-testid="schedule-format"
                value={chosen.format ?? ''}
                disabled={busy}
                onChange={(event) => chooseFormat(event.target.value as ScheduleFormat)}
              >
                {!chosen.format && <option value="">Choose…</option>}
                {SCHEDULE_FORMATS.map((format) => (
                  <option key={format} value={format}>
                    {FORMAT_LABELS[format]}
                  </option>
                ))}
              </select>
            </label>
            <span className="sched-format-reason">
              {chosen.format === chosen.guess.format
                ? chosen.guess.reason
                : chosen.guess.format
                  ? 'chosen by you'
                  : `${chosen.guess.reason}: choose the format`}
            </span>
          </div>
        )}

        <ImportProgress step={step} />
        {(step.kind === 'checked' || step.kind === 'imported') && (
          <ImportReportView report={step.report} />
        )}
        {step.kind === 'invalid' && <LineErrorsView summary={step.summary} errors={step.errors} />}
        {step.kind === 'refused' && (
          <p className="sched-problem" data-testid="import-refused" role="alert">
            {step.message}
          </p>
        )}
      </div>
      <footer className="sched-actions">
        {step.kind === 'imported' ? (
          <button type="button" className="button-primary" onClick={onClose}>
            Done
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button-quiet"
              data-testid="schedule-dry-run"
              disabled={!chosen?.format || tooBig || busy}
              onClick={() => chosen && void send(chosen, true)}
            >
              Check again
            </button>
            <button
              type="button"
              className="button-primary"
              data-testid="schedule-import"
              disabled={step.kind !== 'checked' || !chosen}
              onClick={() => chosen && void send(chosen, false)}
            >
              Import
            </button>
          </>
        )}
      </footer>
    </ScheduleDialogFrame>
  );
}

/** The hub's `schedules:progress` while it reads and applies the file; full once it is done. */
function ImportProgress({ step }: { step: Step }) {
  const progress = useScheduleImportStore((s) => s.progress);
  const running = step.kind === 'checking' || step.kind === 'importing';
  if (!running && step.kind !== 'imported') return null;
  const shown = progress ?? { phase: 'reading' as const, done: 0, total: 0 };
  const summary = progressSummary(shown);
  const percent = running ? (progress ? summary.percent : 0) : 100;
  const label = !progress && !running ? 'Done' : summary.label;
  return (
    <div className="sched-progress">
      <div
        className="sched-bar"
        role="progressbar"
        data-testid="import-progress"
        data-phase={shown.phase}
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="sched-bar-fill" style={{ width: `${percent}%` }} />
      </div>
      <span className="sched-progress-label" data-testid="import-progress-label">
        {step.kind === 'checking' ? `Dry run: ${label}` : label}
      </span>
    </div>
  );
}
