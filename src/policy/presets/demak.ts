/*
 * SOP Permohonan Subdomain dan Hosting — Dinas Komunikasi dan Informatika Kabupaten Demak.
 * Nomor SOP Dinkominfo/4/1/90, dibuat Februari 2022, disahkan oleh Kepala Dinas (Dra. Endah
 * Cahya Rini, MM). Zone: demakkab.go.id. Peringatan: the whole service is done within 7 days
 * (total_limit 7d).
 *
 * Row 1 (the OPD uploads its letter to MIPP) is the pull request; row 9 ("Selesai") is the end
 * marker. Row 6 (analysis) is the Sub Koordinator SPA's, done with the Pranata Komputer; rows 7
 * and 8 (creation, the account letter through MIPP) are the Pelaksana / Pranata's.
 *
 * | SOP row | step               | role(s)      | Mutu Baku | kind        |
 * |---------|--------------------|--------------|-----------|-------------|
 * | 1       | (pull request)     | OPD          | -         | —           |
 * | 2       | penerimaan_mipp    | pranata      | 5 menit   | approval    |
 * | 3       | disposisi_kadis    | kepala_dinas | 10 menit  | approval    |
 * | 4       | disposisi_sekretaris | sekretaris | 10 menit  | approval    |
 * | 5       | disposisi_kabid    | kabid_aptika | 10 menit  | approval    |
 * | 6       | analisa_subkoor    | subkoor_spa  | 30 menit  | approval    |
 * | 7       | pembuatan          | pranata      | 30 menit  | approval    |
 * | 8       | surat_akun         | pranata      | 1 hari    | after_merge |
 * | 9       | (selesai)          | —            | -         | —           |
 */
import type { Preset } from './index.js';

export const demak: Preset = {
  office: 'Dinas Komunikasi dan Informatika Kabupaten Demak',
  source: 'SOP Permohonan Subdomain dan Hosting, Diskominfo Kabupaten Demak, Nomor Dinkominfo/4/1/90, Februari 2022',
  roles: {
    pranata: { title: 'Pelaksana / Pranata Komputer' },
    kepala_dinas: { title: 'Kepala Dinas' },
    sekretaris: { title: 'Sekretaris Dinas' },
    kabid_aptika: { title: 'Kepala Bidang Aplikasi Informatika' },
    subkoor_spa: { title: 'Sub Koordinator Sistem dan Program Aplikasi' },
    maintainers: { title: 'Pengelola repositori / repository maintainers' },
  },
  steps: [
    {
      id: 'penerimaan_mipp',
      title: 'Pelaksana memproses permohonan melalui aplikasi MIPP dan meneruskan ke Kepala Dinas',
      roles: ['pranata'],
      standard: '5m',
      kind: 'approval',
      sop_row: '2',
    },
    {
      id: 'disposisi_kadis',
      title: 'Disposisi Kepala Dinas ke Sekretaris',
      roles: ['kepala_dinas'],
      standard: '10m',
      kind: 'approval',
      sop_row: '3',
    },
    {
      id: 'disposisi_sekretaris',
      title: 'Sekretaris mempelajari dan mendisposisi ke Kabid Aplikasi Informatika',
      roles: ['sekretaris'],
      standard: '10m',
      kind: 'approval',
      sop_row: '4',
    },
    {
      id: 'disposisi_kabid',
      title: 'Kabid Aplikasi Informatika mempelajari surat dan meneruskan ke Sub Koordinator SPA',
      roles: ['kabid_aptika'],
      standard: '10m',
      kind: 'approval',
      sop_row: '5',
    },
    {
      id: 'analisa_subkoor',
      title: 'Menganalisa bentuk subdomain dan hosting yang dibutuhkan',
      roles: ['subkoor_spa'],
      standard: '30m',
      kind: 'approval',
      sop_row: '6',
    },
    {
      id: 'pembuatan',
      title: 'Pembuatan subdomain dan hosting',
      roles: ['pranata'],
      standard: '30m',
      kind: 'approval',
      sop_row: '7',
    },
    {
      id: 'surat_akun',
      title: 'Membuat surat akun subdomain dan hosting yang dikirim ke OPD melalui MIPP',
      roles: ['pranata'],
      standard: '1d',
      kind: 'after_merge',
      sop_row: '8',
    },
  ],
  order: 'strict',
  intake: { role: 'pranata', step: 'penerimaan_mipp' },
  total_limit: '7d',
};
