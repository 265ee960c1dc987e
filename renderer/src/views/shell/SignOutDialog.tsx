import { useEffect, useRef, useState } from 'react';
import { create } from 'zustand';
import { signOut } from '../../session/liveSession';
import { useConnectionStore } from '../../stores/connectionStore';
import { dropPendingEdit, usePendingEditsStore } from '../../stores/pendingEditsStore';
import { flushPendingEdits } from '../../sync/pendingEdits';

/**
 * Signing out with edits the hub has not confirmed asks first (issue 10): send them now, discard
 * them, or keep them for this user's next sign-in here — never a silent choice.
 */
const useSignOutStore = create<{ asking: boolean }>()(() => ({ asking: false }));

export function askSignOut(): void {
  if (usePendingEditsStore.getState().edits.length === 0) signOut();
  else useSignOutStore.setState({ asking: true });
}

export function SignOutDialog() {
  const asking = useSignOutStore((s) => s.asking);
  const edits = usePendingEditsStore((s) => s.edits);
  const connected = useConnectionStore((s) => s.status === 'connected');
  const [sending, setSending] = useState(false);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) first.current?.focus();
  }, [asking]);
  // Everything sent and confirmed while the question was open: nothing left to ask about.
  useEffect(() => {
    if (asking && sending && edits.length === 0) {
      useSignOutStore.setState({ asking: false });
      setSending(false);
      signOut();
    }
  }, [asking, sending, edits.length]);
  if (!asking) return null;

  const close = () => {
    setSending(false);
    useSignOutStore.setState({ asking: false });
  };
  const flights = [...new Set(edits.map((edit) => edit.flightNumber))].join(', ');
  return (
    <div className="dialog-backdrop">
      <div
        className="dialog"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="sign-out-title"
        aria-describedby="sign-out-text"
        data-testid="sign-out-dialog"
        onKeyDown={(event) => {
          if (event.key === 'Escape') close();
        }}
      >
        <h2 id="sign-out-title">
          {edits.length} {edits.length === 1 ? 'change is' : 'changes are'} not confirmed by the hub
        </h2>
        <p id="sign-out-text">
          {flights}.{' '}
          {connected
            ? 'Send them before signing out, discard them, or keep them here for your next sign-in.'
            : 'The hub cannot be reached now: keep them here for your next sign-in, or discard them.'}
        </p>
        {sending && <p role="status">Sending…</p>}
        <div className="edit-actions">
          <button
            ref={first}
            type="button"
            className="button-primary"
            data-testid="sign-out-send"
            disabled={!connected || sending}
            onClick={() => {
              setSending(true);
              void flushPendingEdits();
            }}
          >
            Send, then sign out
          </button>
          <button
            type="button"
            className="button-quiet"
            data-testid="sign-out-keep"
            onClick={() => {
              close();
              signOut();
            }}
          >
            Keep for my next sign-in
          </button>
          <button
            type="button"
            className="button-danger"
            data-testid="sign-out-discard"
            onClick={() => {
              for (const edit of usePendingEditsStore.getState().edits) dropPendingEdit(edit.opId);
              close();
              signOut();
            }}
          >
            Discard them
          </button>
          <button type="button" className="button-quiet" onClick={close}>
            Stay signed in <kbd>Esc</kbd>
          </button>
        </div>
      </div>
    </div>
  );
}
