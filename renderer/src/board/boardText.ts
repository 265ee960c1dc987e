import type { BoardLanguage, BoardRemark, BoardRemarkCode } from '../../../core';

/**
 * What a terminal board says, in each language it may alternate (contract section 12). City and
 * airline names stay as the hub gives them; the labels and remarks change.
 */
export interface BoardWords {
  departures: string;
  arrivals: string;
  time: string;
  flight: string;
  to: string;
  from: string;
  terminal: string;
  gate: string;
  belt: string;
  remarks: string;
  expectedShort: string;
  noDepartures: string;
  noArrivals: string;
  page: (current: number, count: number) => string;
  localTime: string;
  notCurrent: string;
  unavailable: string;
  unavailableHint: string;
  remark: Record<BoardRemarkCode, (time: string, belt: string) => string>;
}

const en: BoardWords = {
  departures: 'Departures',
  arrivals: 'Arrivals',
  time: 'Time',
  flight: 'Flight',
  to: 'To',
  from: 'From',
  terminal: 'Term.',
  gate: 'Gate',
  belt: 'Belt',
  remarks: 'Remarks',
  expectedShort: 'now',
  noDepartures: 'No departures in the next hours',
  noArrivals: 'No arrivals in the next hours',
  page: (current, count) => `Page ${current}/${count}`,
  localTime: 'Local time',
  notCurrent: 'Flight information may not be current',
  unavailable: 'Flight information is not available right now',
  unavailableHint: 'Please check with your airline or the information desk',
  remark: {
    onTime: () => 'On time',
    checkInOpen: () => 'Check-in open',
    checkInClosed: () => 'Check-in closed',
    gateOpen: () => 'Gate open',
    boarding: () => 'Boarding',
    lastCall: () => 'Last call',
    gateClosed: () => 'Gate closed',
    departed: (time) => `Departed ${time}`,
    gateChange: () => 'Gate change',
    delayed: (time) => `Delayed ${time}`,
    cancelled: () => 'Cancelled',
    expected: (time) => `Expected ${time}`,
    landed: (time) => `Landed ${time}`,
    arrived: (time) => `Arrived ${time}`,
    baggageBelt: (_time, belt) => `Baggage belt ${belt}`,
    diverted: () => 'Diverted',
  },
};

const hi: BoardWords = {
  departures: 'प्रस्थान',
  arrivals: 'आगमन',
  time: 'समय',
  flight: 'उड़ान',
  to: 'गंतव्य',
  from: 'कहाँ से',
  terminal: 'टर्मिनल',
  gate: 'गेट',
  belt: 'बेल्ट',
  remarks: 'स्थिति',
  expectedShort: 'अब',
  noDepartures: 'अगले कुछ घंटों में कोई प्रस्थान नहीं',
  noArrivals: 'अगले कुछ घंटों में कोई आगमन नहीं',
  page: (current, count) => `पृष्ठ ${current} / ${count}`,
  localTime: 'स्थानीय समय',
  notCurrent: 'उड़ान जानकारी शायद अद्यतन नहीं है',
  unavailable: 'उड़ान जानकारी अभी उपलब्ध नहीं है',
  unavailableHint: 'कृपया अपनी एयरलाइन या सूचना डेस्क से पूछें',
  remark: {
    onTime: () => 'समय पर',
    checkInOpen: () => 'चेक-इन खुला',
    checkInClosed: () => 'चेक-इन बंद',
    gateOpen: () => 'गेट खुला',
    boarding: () => 'बोर्डिंग',
    lastCall: () => 'अंतिम कॉल',
    gateClosed: () => 'गेट बंद',
    departed: (time) => `रवाना ${time}`,
    gateChange: () => 'गेट बदला',
    delayed: (time) => `विलंबित ${time}`,
    cancelled: () => 'रद्द',
    expected: (time) => `अपेक्षित ${time}`,
    landed: (time) => `उतरा ${time}`,
    arrived: (time) => `पहुँचा ${time}`,
    baggageBelt: (_time, belt) => `सामान बेल्ट ${belt}`,
    diverted: () => 'मार्ग बदला',
  },
};

export const BOARD_WORDS: Record<BoardLanguage, BoardWords> = { en, hi };

/** The remark in words, its time in the airport's local time. */
export function remarkText(
  remark: BoardRemark,
  words: BoardWords,
  formatTime: (iso: string) => string,
): string {
  return words.remark[remark.code](remark.time ? formatTime(remark.time) : '', remark.belt ?? '');
}
