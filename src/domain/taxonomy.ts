/**
 * The needs taxonomy of PRODUCT.md (from the paper's thematic analysis) and the services a worker
 * can record. Organisations may edit theirs; every case stores the version it was recorded with,
 * so reports over time stay comparable.
 */
export type Localized = { ru: string; en: string };

export interface Taxonomy {
  version: number;
  needs: { code: string; theme: 'online' | 'online_offline'; label: Localized }[];
  services: { code: string; offline: boolean; label: Localized }[];
}

export const DEFAULT_TAXONOMY: Taxonomy = {
  version: 1,
  needs: [
    { code: 'minor_injection_complications', theme: 'online', label: { ru: 'Лёгкие осложнения от инъекций', en: 'Minor injection complications' } },
    { code: 'hr_hiv_hcv_information', theme: 'online', label: { ru: 'Информация: услуги, ВИЧ, ВГС, АРТ', en: 'Information: services, HIV, HCV, ART' } },
    { code: 'home_detox_information', theme: 'online', label: { ru: 'Детокс на дому', en: 'Home detox information' } },
    { code: 'pandemic_information', theme: 'online', label: { ru: 'Информация о правилах в пандемию', en: 'Pandemic information' } },
    { code: 'psychological_support', theme: 'online', label: { ru: 'Психологическая поддержка', en: 'Psychological support' } },
    { code: 'offline_services', theme: 'online_offline', label: { ru: 'Офлайн-услуги (АРТ, госпитализация, документы…)', en: 'Offline services (ART, hospitalisation, documents…)' } },
    { code: 'severe_injection_complications', theme: 'online_offline', label: { ru: 'Тяжёлые осложнения от инъекций', en: 'Severe injection complications' } },
    { code: 'hr_services', theme: 'online_offline', label: { ru: 'Услуги снижения вреда (тесты, наборы, ДКП)', en: 'Harm-reduction services (tests, kits, PrEP)' } },
    { code: 'overdose', theme: 'online_offline', label: { ru: 'Передозировка', en: 'Overdose' } },
  ],
  services: [
    { code: 'information', offline: false, label: { ru: 'Информация', en: 'Information' } },
    { code: 'verified_advice', offline: false, label: { ru: 'Проверенный совет', en: 'Verified advice' } },
    { code: 'psychological_support', offline: false, label: { ru: 'Психологическая поддержка', en: 'Psychological support' } },
    { code: 'overdose_guidance', offline: false, label: { ru: 'Инструкции при передозировке', en: 'Overdose guidance' } },
    { code: 'internal_referral', offline: false, label: { ru: 'Направление к специалисту', en: 'Internal referral' } },
    { code: 'external_referral', offline: true, label: { ru: 'Направление в другую организацию', en: 'External referral' } },
    { code: 'mobile_unit_invitation', offline: true, label: { ru: 'Приглашение в мобильный пункт', en: 'Invitation to the mobile unit' } },
    { code: 'ambulance_called', offline: true, label: { ru: 'Вызвана скорая', en: 'Ambulance called' } },
    { code: 'accompaniment', offline: true, label: { ru: 'Сопровождение', en: 'Accompaniment' } },
  ],
};

export const PHONE_CALL = ['not_proposed', 'accepted', 'refused', 'client_left'] as const;
export type PhoneCall = (typeof PHONE_CALL)[number];

export const OUTCOMES = ['resolved', 'partly_resolved', 'referred', 'client_left', 'unknown'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/**
 * Met fully online, or needed an offline step: derived, never asked. Online only when every need
 * is of the online theme and no service given was an offline one.
 */
export function metFullyOnline(t: Taxonomy, needs: readonly string[], services: readonly string[]): boolean {
  const needOnline = needs.every((n) => t.needs.find((x) => x.code === n)?.theme === 'online');
  const servicesOnline = services.every((s) => t.services.find((x) => x.code === s)?.offline === false);
  return needs.length > 0 && needOnline && servicesOnline;
}

/** The taxonomy in force: the organisation's own (settings), or the default. */
export function taxonomyOf(settings: { taxonomy?: Taxonomy }): Taxonomy {
  return settings.taxonomy ?? DEFAULT_TAXONOMY;
}

/**
 * Needs that belong to a period of the paper's data rather than to the work in general: the
 * pandemic rules of 2020–2021. The console marks them; a new installation starts with them off
 * (settings `needsOff`), an existing one keeps what it had.
 */
export const NEED_PERIODS: Readonly<Record<string, string>> = { pandemic_information: '2020–2021' };

/**
 * Whether a need is offered for a new closing record: every need of the taxonomy in force except
 * those turned off (`needsOff`). A need already ticked on a record stays shown, and reports count
 * every code whether offered or not.
 */
export function needOffered(settings: { needsOff?: readonly string[] }, code: string): boolean {
  return !(settings.needsOff ?? []).includes(code);
}

/** The needs offered for a new closing record, in the taxonomy's order (see `needOffered`). */
export function offeredNeeds(settings: { taxonomy?: Taxonomy; needsOff?: readonly string[] }): Taxonomy['needs'] {
  return taxonomyOf(settings).needs.filter((n) => needOffered(settings, n.code));
}
