import { useEffect, useRef, useState, type FormEvent } from 'react';
import { loadEnvironment, loadSettings } from '../../settings/workstationSettings';
import { canRememberSession, resumeRememberedSession, signIn } from '../../session/signIn';
import { useSessionStore } from '../../stores/sessionStore';
import { HubRequestError } from '../../sync/hubHttp';
import { whenIdle } from '../../scheduling/mainThread';
import { prefetchConsole } from '../consoleViews';

interface LoginDefaults {
  hubAddress: string;
  username: string;
}

function useLoginDefaults(): LoginDefaults | null {
  const [defaults, setDefaults] = useState<LoginDefaults | null>(null);
  useEffect(() => {
    let cancelled = false;
    void (async () => {
      const settings = await loadSettings();
      // Desktop "remember me": go straight in while the hub still takes the saved session.
      if (
        !useSessionStore.getState().endedBecause &&
        (await resumeRememberedSession(settings.hubUrl))
      ) {
        return;
      }
      const environment = await loadEnvironment(settings);
      if (!cancelled) {
        setDefaults({
          hubAddress: environment.defaultHubUrl,
          username: settings.lastUsername ?? '',
        });
      }
    })();
    return () => {
      cancelled = true;
    };
  }, []);
  return defaults;
}

export function LoginScreen() {
  const defaults = useLoginDefaults();
  // The signed-in console (grid and all) loads while the agent types, not when they press Enter.
  useEffect(() => whenIdle(prefetchConsole), []);
  return (
    <main className="login-screen">
      <section className="login-card" aria-labelledby="login-title">
        <div className="login-brand">
          <span className="brand">Jetbridge</span>
          <h1 id="login-title">Departures control</h1>
        </div>
        {/* The form waits for its defaults so that nothing typed is overwritten by them. */}
        {defaults && <LoginForm defaults={defaults} />}
      </section>
      <p className="login-foot">
        Gate and duty-manager console · changes are recorded under your name
      </p>
    </main>
  );
}

function LoginForm({ defaults }: { defaults: LoginDefaults }) {
  const endedBecause = useSessionStore((s) => s.endedBecause);
  const [hubAddress, setHubAddress] = useState(defaults.hubAddress);
  const [username, setUsername] = useState(defaults.username);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<{ message: string; kind: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [remember, setRemember] = useState(false);
  const [canRemember, setCanRemember] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    (defaults.username ? passwordRef : usernameRef).current?.focus();
  }, [defaults.username]);

  // Offered only where the desktop bridge can encrypt with the OS keychain.
  useEffect(() => {
    let cancelled = false;
    void canRememberSession().then((available) => {
      if (!cancelled) setCanRemember(available);
    });
    return () => {
      cancelled = true;
    };
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!username.trim() || !password) {
      setError({ message: 'Enter your username and password.', kind: 'form' });
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await signIn({ hubAddress, username, password, remember: canRemember && remember });
    } catch (caught) {
      const known = caught instanceof HubRequestError;
      setError({
        message: known ? caught.message : `Sign-in failed: ${(caught as Error).message}`,
        kind: known ? caught.kind : 'other',
      });
      setPassword('');
      passwordRef.current?.focus();
      setBusy(false);
    }
  };

  return (
    <form className="login-form" onSubmit={(e) => void submit(e)} noValidate>
      {endedBecause && !error && (
        <div className="notice" role="status" data-testid="session-ended">
          {endedBecause}
        </div>
      )}
      <label className="field">
        <span>Hub address</span>
        <input
          data-testid="login-hub"
          value={hubAddress}
          onChange={(e) => setHubAddress(e.target.value)}
          spellCheck={false}
          autoComplete="url"
          placeholder="https://hub.example:4300"
        />
      </label>
      <label className="field">
        <span>Username</span>
        <input
          ref={usernameRef}
          data-testid="login-username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          spellCheck={false}
          autoComplete="username"
        />
      </label>
      <label className="field">
        <span>Password</span>
        <input
          ref={passwordRef}
          data-testid="login-password"
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
        />
      </label>
      {canRemember && (
        <label className="field field-inline">
          <input
            type="checkbox"
            data-testid="login-remember"
            checked={remember}
            onChange={(e) => setRemember(e.target.checked)}
          />
          <span>Remember me on this workstation</span>
        </label>
      )}
      {error && (
        <div className="login-error" role="alert" data-testid="login-error" data-kind={error.kind}>
          {error.message}
        </div>
      )}
      <button
        type="submit"
        className="button-primary login-submit"
        data-testid="login-submit"
        disabled={busy}
      >
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
