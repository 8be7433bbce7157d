/*
 * SOP Sub Domain — Dinas Komunikasi dan Informatika Kabupaten Balangan. Nomor SOP
 * 188.45/16/Diskominfo-Blg/2018, dibuat 03-04-2018, direvisi 27-11-2018, efektif 19-12-2018,
 * disahkan oleh Kepala Dinas. Zone: balangankab.go.id.
 *
 * The column marks did not survive in the seed text. Rows 1–7 follow the texts (Kadis
 * disposes, Kabid forwards to the Kasi, the Kasi orders the Staf Prakom, who reports back, the
 * Kasi reports to the Kabid, the Kabid decides, the Staf Prakom creates). Rows 8–9 (reply
 * letter) name no executor: the draft goes to the Kasi, who writes the reports, and sending it
 * to the requesting SKPD to the Kepala Dinas, who signs outgoing letters. Row 6 is a decision:
 * agree → the Staf Prakom creates the subdomain; disagree → a reply that the name exists.
 *
 * | SOP row | step                | role(s)              | Mutu Baku | kind        |
 * |---------|---------------------|----------------------|-----------|-------------|
 * | 1       | disposisi_kadis     | kepala_dinas         | 15 menit  | approval    |
 * | 2       | disposisi_kabid     | kabid_egov           | 15 menit  | approval    |
 * | 3       | perintah_kasi       | kasi_aplikasi        | 15 menit  | approval    |
 * | 4       | pengecekan_prakom   | staf_prakom          | 1 hari    | approval    |
 * | 5       | laporan_kasi        | kasi_aplikasi        | 1 jam     | approval    |
 * | 6       | keputusan_kabid     | kabid_egov           | 20 menit  | approval, decision |
 * | 7       | pembuatan           | staf_prakom          | 1 jam     | approval    |
 * | 8       | konsep_surat_balasan| kasi_aplikasi        | —         | after_merge |
 * | 9       | penyampaian_surat   | kepala_dinas         | —         | after_merge |
 */
import type { Preset } from './index.js';

export const balangan: Preset = {
  office: 'Dinas Komunikasi dan Informatika Kabupaten Balangan',
  source: 'SOP Sub Domain, Diskominfo Kabupaten Balangan, Nomor 188.45/16/Diskominfo-Blg/2018, revisi 27-11-2018, efektif 19-12-2018',
  roles: {
    kepala_dinas: { title: 'Kepala Dinas' },
    kabid_egov: { title: 'Kabid Layanan e-Gov' },
    kasi_aplikasi: { title: 'Kasi Pengembangan Aplikasi Pemerintahan' },
    staf_prakom: { title: 'Staf Prakom (Pranata Komputer)' },
    maintainers: { title: 'Pengelola repositori / repository maintainers' },
  },
  steps: [
    {
      id: 'disposisi_kadis',
      title: 'Mendisposisikan surat permohonan pembuatan sub domain dari SKPD',
      roles: ['kepala_dinas'],
      standard: '15m',
      kind: 'approval',
      sop_row: '1',
    },
    {
      id: 'disposisi_kabid',
      title: 'Menindaklanjuti surat permohonan dan mendisposisi ke Kasi',
      roles: ['kabid_egov'],
      standard: '15m',
      kind: 'approval',
      sop_row: '2',
    },
    {
      id: 'perintah_kasi',
      title: 'Memerintahkan Staf Prakom untuk mengecek sub domain',
      roles: ['kasi_aplikasi'],
      standard: '15m',
      kind: 'approval',
      sop_row: '3',
    },
    {
      id: 'pengecekan_prakom',
      title: 'Memberikan laporan ke Kasi tentang teknis pembuatan sub domain',
      roles: ['staf_prakom'],
      standard: '1d',
      kind: 'approval',
      sop_row: '4',
    },
    {
      id: 'laporan_kasi',
      title: 'Membuat laporan kepada Kabid',
      roles: ['kasi_aplikasi'],
      standard: '1h',
      kind: 'approval',
      sop_row: '5',
    },
    {
      id: 'keputusan_kabid',
      title: 'Memeriksa laporan dan memutuskan pembuatan sub domain',
      roles: ['kabid_egov'],
      standard: '20m',
      kind: 'approval',
      sop_row: '6',
      decision: 'Setuju: Staf Prakom diperintahkan membuat sub domain. Tidak: surat balasan bahwa domain sudah tersedia dengan user dan password yang ada.',
    },
    {
      id: 'pembuatan',
      title: 'Staf Prakom membuat sub domain',
      roles: ['staf_prakom'],
      standard: '1h',
      kind: 'approval',
      sop_row: '7',
    },
    {
      id: 'konsep_surat_balasan',
      title: 'Membuat konsep surat balasan bahwa sub domain sudah ada atau saran teknis lainnya',
      roles: ['kasi_aplikasi'],
      kind: 'after_merge',
      sop_row: '8',
    },
    {
      id: 'penyampaian_surat',
      title: 'Surat balasan disampaikan ke SKPD pemohon',
      roles: ['kepala_dinas'],
      kind: 'after_merge',
      sop_row: '9',
    },
  ],
  order: 'strict',
};
