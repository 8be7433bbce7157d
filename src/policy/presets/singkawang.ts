/*
 * SOP Permohonan Subdomain — Dinas Komunikasi dan Informatika Kota Singkawang, Bidang
 * Aplikasi dan Informatika. Nomor SOP 000.8.3.3/11/AI-A/2023, tanggal pembuatan
 * 1 September 2023, disahkan oleh Kepala Dinas (Evan Ernanda, S.Kom). Zone:
 * singkawangkota.go.id.
 *
 * Row 1 (the OPD sends its letter through Srikandi) is the pull request itself. Row 5 is a
 * decision: complete and correct data goes on to the Admin System (Ya), otherwise the request
 * fails (Tidak) — here a change request by the Subkor ILE.
 *
 * | SOP row | step                | role(s)       | Mutu Baku | kind        |
 * |---------|---------------------|---------------|-----------|-------------|
 * | 1       | (pull request)      | OPD           | 5 menit   | —           |
 * | 2       | penerimaan_tu       | tu            | 5 menit   | approval    |
 * | 3       | disposisi_kadis     | kepala_dinas  | 5 menit   | approval    |
 * | 4       | disposisi_kabid     | kabid_aptika  | 5 menit   | approval    |
 * | 5       | pemeriksaan_subkor  | subkor_ile    | 10 menit  | approval, decision |
 * | 6       | pembuatan           | admin_system  | 45 menit  | approval    |
 * | 7       | surat_balasan       | subkor_ile    | 10 menit  | after_merge |
 * | 8       | pengiriman_surat    | tu            | 30 menit  | after_merge |
 */
import type { Preset } from './index.js';

export const singkawang: Preset = {
  office: 'Dinas Komunikasi dan Informatika Kota Singkawang',
  source: 'SOP Permohonan Subdomain, Diskominfo Kota Singkawang, Nomor 000.8.3.3/11/AI-A/2023, 1 September 2023',
  roles: {
    tu: { title: 'Tata Usaha (TU)' },
    kepala_dinas: { title: 'Kepala Dinas Komunikasi dan Informatika' },
    kabid_aptika: { title: 'Kabid Aplikasi dan Informatika (Aptika)' },
    subkor_ile: { title: 'Subkoordinator ILE' },
    admin_system: { title: 'Admin System' },
    maintainers: { title: 'Pengelola repositori / repository maintainers' },
  },
  steps: [
    {
      id: 'penerimaan_tu',
      title: 'TU menerima permohonan pembuatan sub domain dari OPD',
      roles: ['tu'],
      standard: '5m',
      kind: 'approval',
      sop_row: '2',
    },
    {
      id: 'disposisi_kadis',
      title: 'Kepala Dinas mendisposisikan kepada Kabid Aptika',
      roles: ['kepala_dinas'],
      standard: '5m',
      kind: 'approval',
      sop_row: '3',
    },
    {
      id: 'disposisi_kabid',
      title: 'Kabid Aptika mendisposisikan kepada Subkor ILE',
      roles: ['kabid_aptika'],
      standard: '5m',
      kind: 'approval',
      sop_row: '4',
    },
    {
      id: 'pemeriksaan_subkor',
      title: 'Subkor ILE memeriksa kelengkapan dan kesesuaian data pembuatan sub domain',
      roles: ['subkor_ile'],
      standard: '10m',
      kind: 'approval',
      sop_row: '5',
      decision: 'Data permohonan lengkap dan sesuai? Ya: diteruskan ke Admin System. Tidak: permohonan gagal (data tidak sesuai atau tidak lengkap).',
    },
    {
      id: 'pembuatan',
      title: 'Admin System membuat sub domain OPD',
      roles: ['admin_system'],
      standard: '45m',
      kind: 'approval',
      sop_row: '6',
    },
    {
      id: 'surat_balasan',
      title: 'Subkor ILE membuat surat balasan kepada OPD dan menyerahkannya ke TU',
      roles: ['subkor_ile'],
      standard: '10m',
      kind: 'after_merge',
      sop_row: '7',
    },
    {
      id: 'pengiriman_surat',
      title: 'TU memproses surat balasan yang ditandatangani Kadis dan mengirimkannya ke OPD',
      roles: ['tu'],
      standard: '30m',
      kind: 'after_merge',
      sop_row: '8',
    },
  ],
  order: 'strict',
  intake: { role: 'tu', step: 'penerimaan_tu' },
};
