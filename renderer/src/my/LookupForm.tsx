import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { HubCallError } from './passengerHub';
import { signIn } from './passengerSession';

export function LookupForm() {
  const { t } = useTranslation();
  const [pnr, setPnr] = useState('');
  const [lastName, setLastName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const reference = pnr.trim().toUpperCase();
    if (!/^[A-Z0-9]{6}$/.test(reference)) return setError(t('lookup.invalid'));
    setBusy(true);
    setError(null);
    try {
      await signIn(reference, lastName.trim());
    } catch (caught) {
      const problem = caught instanceof HubCallError ? caught.problem : null;
      if (problem?.kind === 'not-found') setError(t('lookup.notFound'));
      else if (problem?.kind === 'rate-limited') {
        setError(t('lookup.tooMany', { seconds: problem.retryAfterSeconds }));
      } else if (problem?.kind === 'invalid') setError(t('lookup.invalid'));
      else setError(t('lookup.offline'));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className="my-lookup" onSubmit={(event) => void submit(event)}>
      <h1>{t('lookup.heading')}</h1>
      <p className="my-note">{t('lookup.intro')}</p>
      <label>
        <span>{t('lookup.pnr')}</span>
        <input
          name="pnr"
          value={pnr}
          onChange={(event) => setPnr(event.target.value.toUpperCase())}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={6}
          inputMode="text"
          required
        />
      </label>
      <label>
        <span>{t('lookup.lastName')}</span>
        <input
          name="lastName"
          value={lastName}
          onChange={(event) => setLastName(event.target.value)}
          autoComplete="family-name"
          maxLength={100}
          required
        />
      </label>
      {error && (
        <p className="my-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" className="my-primary" disabled={busy}>
        {busy ? t('lookup.searching') : t('lookup.submit')}
      </button>
    </form>
  );
}
