import type { RefObject } from 'react';

export type CodeFieldName = 'gate' | 'stand' | 'belt';

/** Label and longest value the hub takes (core/flight.ts), per field. */
const CODE_FIELDS: Record<CodeFieldName, { label: string; maxLength: number }> = {
  gate: { label: 'Gate', maxLength: 8 },
  stand: { label: 'Stand', maxLength: 8 },
  belt: { label: 'Belt', maxLength: 4 },
};

interface CodeFieldProps {
  field: CodeFieldName;
  inputRef: RefObject<HTMLInputElement | null>;
  className: string | undefined;
  /** aria-invalid, and the error that describes the field when it is the one at fault. */
  aria: { 'aria-invalid': boolean; 'aria-describedby'?: string };
  value: string;
  onChange: (value: string) => void;
  /** Values to offer as the agent types (the airport's gates in the flight's terminal). */
  suggestions?: readonly { value: string; label: string }[];
}

/** A resource code in the edit panel (gate, stand, belt): typed in capitals, one line. */
export function CodeField({
  field,
  inputRef,
  className,
  aria,
  value,
  onChange,
  suggestions,
}: CodeFieldProps) {
  const listId = suggestions && suggestions.length > 0 ? `edit-${field}-options` : undefined;
  const { label, maxLength } = CODE_FIELDS[field];
  return (
    <label className="edit-row">
      <span className="edit-label">{label}</span>
      <input
        ref={inputRef}
        data-testid={`edit-${field}`}
        className={className}
        {...aria}
        value={value}
        maxLength={maxLength}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => onChange(e.target.value.toUpperCase())}
        {...(listId ? { list: listId } : {})}
      />
      {listId && (
        <datalist id={listId} data-testid={listId}>
          {suggestions!.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </datalist>
      )}
    </label>
  );
}
