import type { Ref } from 'react';
import { DELAY_CODES } from '../../../../core';

const GROUPS = [...new Set(DELAY_CODES.map((entry) => entry.group))];

interface DelayCodeSelectProps {
  ref: Ref<HTMLSelectElement>;
  value: string;
  className: string | undefined;
  onChange: (code: string) => void;
}

/** The IATA delay codes, grouped; typing the two digits jumps to a code. */
export function DelayCodeSelect({ ref, value, className, onChange }: DelayCodeSelectProps) {
  return (
    <select
      ref={ref}
      data-testid="edit-delay-code"
      className={className}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    >
      <option value="">— none —</option>
      {GROUPS.map((group) => (
        <optgroup key={group} label={group}>
          {DELAY_CODES.filter((entry) => entry.group === group).map((entry) => (
            <option key={entry.code} value={entry.code}>
              {entry.code} {entry.alpha} — {entry.meaning}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}
