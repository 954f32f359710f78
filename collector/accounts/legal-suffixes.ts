/**
 * Legal-form words a company name carries besides its name, as written in registers and
 * letterheads. Data, not logic: `normalise.ts` folds each entry the same way it folds a name
 * (case, accents, dotted initials, '&' → 'and', punctuation), so 'S.A.', 'SA' and 'S/A' are one
 * entry's worth, and multi-word forms ('GmbH & Co. KG', 'S.A. de C.V.') match as a whole.
 * Forms restated from company law of the countries named.
 */

/** Stripped from the end of a name, repeatedly ('Volvo AB (publ)' → 'Volvo'). */
export const LEGAL_SUFFIXES: readonly string[] = [
  // English-speaking countries
  'Inc', 'Incorporated', 'Corp', 'Corporation', 'Company', 'Companies', 'Co', 'Cos',
  '& Co', '& Company', 'LLC', 'L.L.C.', 'Limited Liability Company', 'LLP', 'LLLP', 'PLLC',
  'LP', 'Ltd', 'Limited', 'PLC', 'Public Limited Company', 'ULC', 'DAC',
  'Pty', 'Pty Ltd', '(Pty) Ltd', 'Proprietary Limited',
  'Pvt', 'Pvt Ltd', 'Private Limited', 'Pte', 'Pte Ltd',
  'Sdn Bhd', 'Sendirian Berhad', 'Bhd', 'Berhad',
  'National Association', 'N.A.', 'F.S.B.',
  'Group', 'Holding', 'Holdings',
  // German-speaking countries
  'GmbH', 'gGmbH', 'mbH', 'Ges.m.b.H.', 'Gesellschaft mit beschränkter Haftung',
  'AG', 'Aktiengesellschaft', 'KG', 'KGaA', 'OHG', 'GbR', 'UG', 'UG (haftungsbeschränkt)',
  'e.V.', 'eG', 'GmbH & Co. KG', '& Co. KG', '& Co. KGaA', '& Co. OHG', 'SE', 'SE & Co. KGaA',
  // French, Italian, Spanish, Portuguese
  'SA', 'S/A', 'Société Anonyme', 'SAS', 'SASU', 'SARL', 'EURL', 'SNC', '& Cie', 'Cie',
  'SpA', 'S.p.A.', 'Srl', 'S.r.l.s.', 'Società per Azioni',
  'SL', 'SLU', 'SAU', 'Sociedad Anónima', 'Sociedad Limitada',
  'S.A. de C.V.', 'S.A.B. de C.V.', 'S. de R.L.', 'S. de R.L. de C.V.', 'de C.V.',
  'SAC', 'SAA', 'Ltda', 'Limitada', 'EIRELI', 'Lda',
  // Benelux
  'BV', 'NV', 'BVBA', 'VOF',
  // Nordic countries
  'AB', '(publ)', 'Aktiebolag', 'Aktiebolaget', 'AS', 'ASA', 'A/S', 'ApS', 'Aktieselskab',
  'Aksjeselskap', 'Oy', 'Oyj', 'Osakeyhtiö', 'hf', 'ehf',
  // Central and eastern Europe, Turkey
  'Sp. z o.o.', 'Spółka Akcyjna', 'Sp. k.', 's.r.o.', 'a.s.', 'd.o.o.', 'd.d.',
  'Kft', 'Zrt', 'Nyrt', 'Ltd. Şti.', 'Şti',
  'OOO', 'OAO', 'ZAO', 'PAO', 'AO', 'JSC', 'PJSC', 'OJSC', 'CJSC',
  // Asia
  'KK', 'Kabushiki Kaisha', 'Kabushiki Gaisha', 'GK', 'Godo Kaisha', 'Yugen Kaisha',
  'Tbk', 'Persero', 'Ltée', 'Limitée',
];

/**
 * Stripped from the start of a name ('AB Volvo' → 'Volvo', 'PT Telkom Indonesia' → 'Telkom Indonesia').
 * Not 'AO': it would turn 'A.O. Smith' into 'Smith'.
 */
export const LEGAL_PREFIXES: readonly string[] = [
  'AB', 'Aktiebolaget', 'Telefonaktiebolaget', 'Oy', 'Oyj', 'PT', 'Kabushiki Kaisha',
  'Koninklijke', 'OOO', 'OAO', 'ZAO', 'PAO', 'JSC', 'PJSC', 'OJSC', 'CJSC',
];
