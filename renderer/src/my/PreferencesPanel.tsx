import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PassengerChannels } from '../../../core/passenger-self-service';
import { savePreferences } from './passengerSession';
import { usePassengerStore } from './passengerStore';
import { notifyThisDevice, type PushOutcome } from './pushDevice';

type SaveState = 'idle' | 'saving' | 'saved' | 'failed';

const PUSH_MESSAGES: Record<PushOutcome, string> = {
  done: 'prefs.notifyDone',
  blocked: 'prefs.notifyBlocked',
  unsupported: 'prefs.notifyUnsupported',
  failed: 'prefs.notifyFailed',
};

/** SMS, e-mail, push: which the passenger wants (saved to the hub), and this device for push. */
export function PreferencesPanel() {
  const { t, i18n } = useTranslation();
  const preferences = usePassengerStore((state) => state.preferences);
  const [channels, setChannels] = useState<PassengerChannels | null>(null);
  const [saveState, setSaveState] = useState<SaveState>('idle');
  const [pushOutcome, setPushOutcome] = useState<PushOutcome | null>(null);
  // Choices the passenger has made and not yet saved survive a refresh of the saved preferences
  // (switching language saves at once, and its answer may land after a box was ticked).
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    if (preferences && !dirty) setChannels(preferences.channels);
  }, [preferences, dirty]);

  if (!preferences || !channels) return null;
  const { reachable } = preferences;
  const toggle = (channel: keyof PassengerChannels) => {
    setChannels({ ...channels, [channel]: !channels[channel] });
    setDirty(true);
    setSaveState('idle');
  };
  const save = async () => {
    setSaveState('saving');
    try {
      const locale = i18n.resolvedLanguage === 'hi' ? 'hi' : 'en';
      await savePreferences({ channels, locale });
      setDirty(false);
      setSaveState('saved');
    } catch {
      setSaveState('failed');
    }
  };
  const rows: Array<{ channel: keyof PassengerChannels; hint: string | null; usable: boolean }> = [
    { channel: 'sms', usable: reachable.sms, hint: reachable.sms ? null : t('prefs.noPhone') },
    {
      channel: 'email',
      usable: reachable.email,
      hint: reachable.email ? null : t('prefs.noEmail'),
    },
    {
      channel: 'push',
      usable: true,
      hint:
        reachable.pushDevices > 0
          ? t('prefs.devices', { count: reachable.pushDevices })
          : t('prefs.noDevices'),
    },
  ];

  return (
    <section className="my-prefs" aria-labelledby="prefs-heading">
      <h2 id="prefs-heading">{t('prefs.heading')}</h2>
      {rows.map(({ channel, hint, usable }) => (
        <label key={channel} className={`my-toggle${usable ? '' : ' my-toggle-off'}`}>
          <input
            type="checkbox"
            name={channel}
            checked={usable && channels[channel]}
            disabled={!usable}
            onChange={() => toggle(channel)}
          />
          <span className="my-toggle-text">
            <span>{t(`prefs.${channel}`)}</span>
            {hint && <small>{hint}</small>}
          </span>
        </label>
      ))}
      <div className="my-prefs-actions">
        <button
          type="button"
          className="my-primary"
          disabled={saveState === 'saving'}
          onClick={() => void save()}
        >
          {saveState === 'saving' ? t('prefs.saving') : t('prefs.save')}
        </button>
        {saveState === 'saved' && (
          <span className="my-saved" role="status">
            {t('prefs.saved')}
          </span>
        )}
        {saveState === 'failed' && (
          <span className="my-error" role="alert">
            {t('prefs.failed')}
          </span>
        )}
      </div>
      <button
        type="button"
        className="my-secondary"
        onClick={() => void notifyThisDevice().then(setPushOutcome)}
      >
        {t('prefs.notify')}
      </button>
      {pushOutcome && (
        <p className={pushOutcome === 'done' ? 'my-saved' : 'my-error'} role="status">
          {t(PUSH_MESSAGES[pushOutcome])}
        </p>
      )}
    </section>
  );
}
