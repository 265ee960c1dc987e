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
}

/** A resource code in the edit panel (gate, stand, belt): typed in capitals, one line. */
export function CodeField({ field, inputRef, className, aria, value, onChange }: CodeFieldProps) {
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
      />
    </label>
  );
}
