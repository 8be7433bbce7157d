/*
 * SOP Layanan Pembuatan Subdomain — Dinas Komunikasi dan Informatika Kabupaten Lumajang,
 * Bidang Aplikasi Informatika. Nomor SOP 427.53/4/2.06/2021, dibuat 23 Mei 2021, disahkan
 * 30 Mei 2021 oleh Kepala Dinas (Yoga Pratomo, S.STP). Zone: lumajangkab.go.id.
 *
 * Row 1 (the Pengguna sends the letter) is the pull request; row 13 (the Pengguna receives the
 * notice) is done by the requesting agency too, so it is no step. The SOP has no row 4. Rows
 * marked "-" have no time standard. "Kepala Dinas / Sekretaris Dinas" is one step either of
 * the two may take.
 *
 * | SOP row | step                   | role(s)                          | Mutu Baku | kind        |
 * |---------|------------------------|----------------------------------|-----------|-------------|
 * | 1       | (pull request)         | Pengguna                         | -         | —           |
 * | 2       | disposisi_pimpinan     | kepala_dinas / sekretaris_dinas  | -         | approval    |
 * | 3       | disposisi_kabid        | kabid_aptika                     | -         | approval    |
 * | 5       | perintah_kasi          | kasi_ppi_spbe                    | -         | approval    |
 * | 6       | pembuatan              | administrator_server             | 5 menit   | approval    |
 * | 7       | laporan_admin          | administrator_server             | 5 menit   | after_merge |
 * | 8       | penerimaan_laporan     | kasi_ppi_spbe                    | 5 menit   | after_merge |
 * | 9       | draft_pemberitahuan    | kasi_ppi_spbe                    | 10 menit  | after_merge |
 * | 10      | penerimaan_draft_kabid | kabid_aptika                     | 10 menit  | after_merge |
 * | 11      | penandatanganan        | kepala_dinas / sekretaris_dinas  | 10 menit  | after_merge |
 * | 12      | pengiriman_surat       | sekretaris_dinas                 | -         | after_merge |
 * | 13      | (agency receives)      | Pengguna                         | -         | —           |
 */
import type { Preset } from './index.js';

export const lumajang: Preset = {
  office: 'Dinas Komunikasi dan Informatika Kabupaten Lumajang',
  source: 'SOP Layanan Pembuatan Subdomain, Diskominfo Kabupaten Lumajang, Nomor 427.53/4/2.06/2021, disahkan 30 Mei 2021',
  roles: {
    kepala_dinas: { title: 'Kepala Dinas Komunikasi dan Informatika' },
    sekretaris_dinas: { title: 'Sekretaris Dinas Komunikasi dan Informatika' },
    kabid_aptika: { title: 'Kepala Bidang Aplikasi dan Informatika (Aptika)' },
    kasi_ppi_spbe: { title: 'Kasi Pengelolaan dan Pengembangan Infrastruktur SPBE' },
    administrator_server: { title: 'Administrator Server' },
    maintainers: { title: 'Pengelola repositori / repository maintainers' },
  },
  steps: [
    {
      id: 'disposisi_pimpinan',
      title: 'Kepala Dinas / Sekretaris Dinas menerima surat permohonan dan mendisposisikan kepada Kabid Aptika',
      roles: ['kepala_dinas', 'sekretaris_dinas'],
      kind: 'approval',
      sop_row: '2',
    },
    {
      id: 'disposisi_kabid',
      title: 'Kabid Aptika menerima disposisi dan mendisposisikan kepada Kasi PPI SPBE',
      roles: ['kabid_aptika'],
      kind: 'approval',
      sop_row: '3',
    },
    {
      id: 'perintah_kasi',
      title: 'Kasi PPI SPBE memerintahkan Administrator Server melaksanakan disposisi',
      roles: ['kasi_ppi_spbe'],
      kind: 'approval',
      sop_row: '5',
    },
    {
      id: 'pembuatan',
      title: 'Administrator Server membuat subdomain sesuai arahan Kasi PPI SPBE',
      roles: ['administrator_server'],
      standard: '5m',
      kind: 'approval',
      sop_row: '6',
    },
    {
      id: 'laporan_admin',
      title: 'Administrator Server menginformasikan kepada Kasi PPI SPBE bahwa perintah sudah dilaksanakan',
      roles: ['administrator_server'],
      standard: '5m',
      kind: 'after_merge',
      sop_row: '7',
    },
    {
      id: 'penerimaan_laporan',
      title: 'Kasi PPI SPBE menerima informasi bahwa subdomain baru sudah dibuat',
      roles: ['kasi_ppi_spbe'],
      standard: '5m',
      kind: 'after_merge',
      sop_row: '8',
    },
    {
      id: 'draft_pemberitahuan',
      title: 'Kasi PPI SPBE membuat draft surat pemberitahuan kepada pemohon',
      roles: ['kasi_ppi_spbe'],
      standard: '10m',
      kind: 'after_merge',
      sop_row: '9',
    },
    {
      id: 'penerimaan_draft_kabid',
      title: 'Kabid Aptika menerima draft surat pemberitahuan',
      roles: ['kabid_aptika'],
      standard: '10m',
      kind: 'after_merge',
      sop_row: '10',
    },
    {
      id: 'penandatanganan',
      title: 'Kepala Dinas / Sekretaris Dinas menandatangani surat pemberitahuan',
      roles: ['kepala_dinas', 'sekretaris_dinas'],
      standard: '10m',
      kind: 'after_merge',
      sop_row: '11',
    },
    {
      id: 'pengiriman_surat',
      title: 'Sekretaris Dinas mengirimkan surat pemberitahuan kepada pemohon',
      roles: ['sekretaris_dinas'],
      kind: 'after_merge',
      sop_row: '12',
    },
  ],
  order: 'strict',
};
