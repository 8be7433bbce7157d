/*
 * SOP Pembuatan Sub Domain — Dinas Komunikasi, Informatika, Statistik dan Persandian
 * (Diskominfostandi) Kota Bekasi. Lampiran Keputusan Kepala Dinas tentang SOP Administrasi
 * Pemerintahan; the seed leaves the SOP number and dates blank. Disahkan oleh Kepala Dinas
 * (Encu Hermana Radhman). Zone: bekasikota.go.id.
 *
 * The columns that mark who does each row did not survive in the seed text; rows 1–4 follow
 * the chain Kepala Dinas → Kabid E-Government → Kasi Pengembangan E-Government → Pelaksana
 * named in the table header and in the row texts. Row 5 (handing the address to the agency,
 * collecting the signed Berita Acara) goes to the Kasi, to whom row 4 hands the address.
 * The request letter itself (sent by the Perangkat Daerah) is the pull request.
 *
 * | SOP row | step                | role(s)            | Mutu Baku | kind        |
 * |---------|---------------------|--------------------|-----------|-------------|
 * | 1       | disposisi_kadis     | kepala_dinas       | 10 menit  | approval    |
 * | 2       | disposisi_kabid     | kabid_egov         | 10 menit  | approval    |
 * | 3       | pemeriksaan_kasi    | kasi_pengembangan  | 20 menit  | approval    |
 * | 4       | pembuatan           | pelaksana          | 1 jam     | approval    |
 * | 5       | penyerahan          | kasi_pengembangan  | 10 menit  | after_merge |
 */
import type { Preset } from './index.js';

export const bekasi: Preset = {
  office: 'Dinas Komunikasi, Informatika, Statistik dan Persandian Kota Bekasi',
  source: 'SOP Pembuatan Sub Domain, Diskominfostandi Kota Bekasi (nomor dan tanggal kosong di naskah)',
  roles: {
    kepala_dinas: { title: 'Kepala Dinas Komunikasi, Informatika, Statistik dan Persandian' },
    kabid_egov: { title: 'Kepala Bidang E-Government' },
    kasi_pengembangan: { title: 'Kepala Seksi Pengembangan E-Government' },
    pelaksana: { title: 'Pelaksana' },
    maintainers: { title: 'Pengelola repositori / repository maintainers' },
  },
  steps: [
    {
      id: 'disposisi_kadis',
      title: 'Menerima dan mendisposisi surat permohonan pembuatan sub domain',
      roles: ['kepala_dinas'],
      standard: '10m',
      kind: 'approval',
      sop_row: '1',
    },
    {
      id: 'disposisi_kabid',
      title: 'Menerima disposisi Kepala Dinas dan mendisposisikan kepada Kasi Pengembangan E-Government',
      roles: ['kabid_egov'],
      standard: '10m',
      kind: 'approval',
      sop_row: '2',
    },
    {
      id: 'pemeriksaan_kasi',
      title: 'Memeriksa kelengkapan berkas dan mempelajari tujuan pembuatan sub domain',
      roles: ['kasi_pengembangan'],
      standard: '20m',
      kind: 'approval',
      sop_row: '3',
    },
    {
      id: 'pembuatan',
      title: 'Membuat alamat sub domain dan berita acara, menyerahkannya kepada Kasi',
      roles: ['pelaksana'],
      standard: '1h',
      kind: 'approval',
      sop_row: '4',
    },
    {
      id: 'penyerahan',
      title: 'Menyerahkan alamat sub domain kepada pemohon dan menerima berita acara yang ditandatangani',
      roles: ['kasi_pengembangan'],
      standard: '10m',
      kind: 'after_merge',
      sop_row: '5',
    },
  ],
  order: 'strict',
};
