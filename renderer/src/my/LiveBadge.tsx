import { useTranslation } from 'react-i18next';
import { usePassengerStore } from './passengerStore';

export function LiveBadge() {
  const { t } = useTranslation();
  const live = usePassengerStore((state) => state.live);
  return (
    <span className={`my-live my-live-${live}`} role="status">
      <span className="my-live-dot" aria-hidden="true" />
      {t(`live.${live}`)}
    </span>
  );
}
