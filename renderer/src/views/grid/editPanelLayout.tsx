import { create } from 'zustand';
import { useUiStore } from '../../stores/uiStore';

/**
 * Whether the edit panel is open (issue 10: at 1280×720 an always-open 330 px panel pushed
 * columns off screen). It starts closed on narrow screens, opens by itself when an edit is asked
 * for (Enter on a row, Enter in the quick filter), and the agent can fold it either way.
 */
const WIDE_ENOUGH_PX = 1440;

const useEditPanelStore = create<{ open: boolean }>()(() => ({
  open: typeof window === 'undefined' || window.innerWidth >= WIDE_ENOUGH_PX,
}));

useUiStore.subscribe((state, previous) => {
  if (state.editRequest && state.editRequest !== previous.editRequest) {
    useEditPanelStore.setState({ open: true });
  }
});

export function useEditPanelOpen(): boolean {
  return useEditPanelStore((s) => s.open);
}

export function setEditPanelOpen(open: boolean): void {
  useEditPanelStore.setState({ open });
}

export function EditPanelToggle() {
  const open = useEditPanelOpen();
  return (
    <button
      type="button"
      className="button-quiet edit-panel-toggle"
      data-testid="edit-panel-toggle"
      aria-expanded={open}
      aria-label={open ? 'Fold the edit panel' : 'Open the edit panel'}
      title={open ? 'Fold the edit panel' : 'Open the edit panel'}
      onClick={() => setEditPanelOpen(!open)}
    >
      {open ? '⟩' : '⟨ Edit'}
    </button>
  );
}
