import { useEffect, useState } from 'react';
import { CODE_LETTERS, describeZodError, gateListSchema, type GateEntry } from '../../../../core';
import { useGatesStore } from '../../stores/gatesStore';
import { ensureGateList, saveGateList } from '../../sync/gateList';
import '../../styles/gates.css';

type Draft = GateEntry & { key: number };
let nextKey = 1;
const toDraft = (gate: GateEntry): Draft => ({ ...gate, key: nextKey++ });

/**
 * The supervisor's gate list: one line per gate (terminal, gate, jet bridge or bus, the largest
 * code letter), added, changed and removed here, then saved as a whole (`PUT /api/gates`). The
 * list is checked here with the hub's own schema; the hub checks it again and its refusal is
 * shown in its words.
 */
export function GateListEditor() {
  const stored = useGatesStore((s) => s.gates);
  const [draft, setDraft] = useState<Draft[] | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [saving, setSaving] = useState(false);
  useEffect(ensureGateList, []);
  if (stored && draft === null) setDraft(stored.map(toDraft));
  if (!draft) return <main className="gate-list-editor view-loading" aria-busy="true" />;

  const change = (key: number, fields: Partial<GateEntry>) =>
    setDraft(draft.map((gate) => (gate.key === key ? { ...gate, ...fields } : gate)));
  const entries = draft.map(({ key: _key, ...gate }) => gate);
  const dirty = JSON.stringify(entries) !== JSON.stringify(stored ?? []);

  const save = async () => {
    const checked = gateListSchema.safeParse(entries);
    if (!checked.success) {
      setMessage({ text: describeZodError(checked.error, 'gates'), error: true });
      return;
    }
    setSaving(true);
    try {
      const saved = await saveGateList(checked.data);
      setDraft(saved.map(toDraft));
      setMessage({ text: `Saved: ${saved.length} gates.`, error: false });
    } catch (error) {
      setMessage({ text: `Not saved: ${(error as Error).message}`, error: true });
    } finally {
      setSaving(false);
    }
  };

  return (
    <main className="gate-list-editor" data-testid="gate-list-editor">
      <div className="gate-list-toolbar">
        <h2>Gates ({draft.length})</h2>
        <button
          type="button"
          className="button-quiet"
          data-testid="gate-add"
          onClick={() =>
            setDraft([
              ...draft,
              toDraft({
                gate: '',
                terminal: draft.at(-1)?.terminal ?? 'T1',
                contact: true,
                maxCodeLetter: 'C',
              }),
            ])
          }
        >
          Add a gate
        </button>
        <button
          type="button"
          data-testid="gate-save"
          disabled={!dirty || saving}
          onClick={() => void save()}
        >
          Save the gate list
        </button>
        <button
          type="button"
          className="button-quiet"
          disabled={!dirty || saving}
          onClick={() => {
            setDraft((stored ?? []).map(toDraft));
            setMessage(null);
          }}
        >
          Discard changes
        </button>
        {message && (
          <span
            className={message.error ? 'gate-list-message error' : 'gate-list-message'}
            data-testid="gate-list-message"
            role={message.error ? 'alert' : 'status'}
          >
            {message.text}
          </span>
        )}
      </div>
      <div className="gate-list-scroll">
        <table className="gate-list">
          <thead>
            <tr>
              <th scope="col">Terminal</th>
              <th scope="col">Gate</th>
              <th scope="col">Jet bridge</th>
              <th scope="col">Largest aircraft (code letter)</th>
              <th scope="col">
                <span className="visually-hidden">Remove</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.map((gate, index) => (
              <tr key={gate.key} data-testid="gate-list-row">
                <td>
                  <input
                    aria-label={`Terminal of line ${index + 1}`}
                    value={gate.terminal}
                    size={5}
                    onChange={(e) => change(gate.key, { terminal: e.target.value.toUpperCase() })}
                  />
                </td>
                <td>
                  <input
                    aria-label={`Gate of line ${index + 1}`}
                    value={gate.gate}
                    size={6}
                    onChange={(e) => change(gate.key, { gate: e.target.value.toUpperCase() })}
                  />
                </td>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Gate ${gate.gate} has a jet bridge`}
                    checked={gate.contact}
                    onChange={(e) => change(gate.key, { contact: e.target.checked })}
                  />
                </td>
                <td>
                  <select
                    aria-label={`Largest code letter at gate ${gate.gate}`}
                    value={gate.maxCodeLetter}
                    onChange={(e) =>
                      change(gate.key, {
                        maxCodeLetter: e.target.value as GateEntry['maxCodeLetter'],
                      })
                    }
                  >
                    {CODE_LETTERS.map((letter) => (
                      <option key={letter} value={letter}>
                        {letter}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button
                    type="button"
                    className="button-quiet"
                    aria-label={`Remove gate ${gate.gate} (${gate.terminal})`}
                    onClick={() => setDraft(draft.filter((other) => other.key !== gate.key))}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </main>
  );
}
