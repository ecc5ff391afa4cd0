// Demo content for a fresh forum: the categories of a developer community, a few members and
// threads with replies and reactions. Text is Indonesian, as on the live site.

export const demoPassword = "aleph-demo-2026";

export const categories = [
  { slug: "web-development", name: "Web Development", description: "Frontend, backend, framework dan performa web.", color: "#2563eb", icon: "globe" },
  { slug: "mobile", name: "Mobile", description: "Android, iOS, Flutter dan React Native.", color: "#16a34a", icon: "smartphone" },
  { slug: "devops", name: "DevOps & Cloud", description: "CI/CD, container, observability dan infrastruktur.", color: "#ea580c", icon: "cloud" },
  { slug: "data-ai", name: "Data & AI", description: "Machine learning, LLM, data engineering dan analitik.", color: "#9333ea", icon: "bot" },
  { slug: "karier", name: "Karier", description: "Interview, gaji, remote work dan perjalanan karier developer.", color: "#0891b2", icon: "briefcase" },
  { slug: "showcase", name: "Showcase", description: "Pamerkan proyek, open source dan side project kamu.", color: "#db2777", icon: "rocket" },
  { slug: "diskusi-umum", name: "Diskusi Umum", description: "Obrolan santai seputar dunia software.", color: "#64748b", icon: "messages-square" },
];

export const users = [
  { email: "demo@alephdraad.local", username: "demo", fullName: "Demo Aleph" },
  { email: "budi@alephdraad.local", username: "budi_dev", fullName: "Budi Santoso" },
  { email: "sari@alephdraad.local", username: "sari.codes", fullName: "Sari Wulandari" },
  { email: "andi@alephdraad.local", username: "andi_ops", fullName: "Andi Pratama" },
];

export const badges = [
  { name: "Kontributor Awal", description: "Bergabung di masa awal Alephdraad.", color: "#f59e0b", rarity: "rare" },
  { name: "Penolong", description: "Jawabannya sering membantu anggota lain.", color: "#10b981", rarity: "common" },
];

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
type Inline = { [key: string]: JsonValue };
type Block = { [key: string]: JsonValue };

const text = (value: string): Inline => ({ type: "text", text: value });
const code = (value: string): Inline => ({ type: "text", text: value, marks: [{ type: "code" }] });
const p = (...content: (Inline | string)[]): Block => ({
  type: "paragraph",
  content: content.map((part) => (typeof part === "string" ? text(part) : part)),
});
const h = (level: number, value: string): Block => ({ type: "heading", attrs: { level }, content: [text(value)] });
const codeBlock = (language: string, value: string): Block => ({
  type: "codeBlock",
  attrs: { language },
  content: [text(value)],
});
const bullets = (...items: string[]): Block => ({
  type: "bulletList",
  content: items.map((item) => ({ type: "listItem", content: [p(item)] })),
});
const table = (header: string[], ...rows: string[][]): Block => ({
  type: "table",
  content: [
    { type: "tableRow", content: header.map((cell) => ({ type: "tableHeader", content: [p(cell)] })) },
    ...rows.map((row) => ({ type: "tableRow", content: row.map((cell) => ({ type: "tableCell", content: [p(cell)] })) })),
  ],
});
const doc = (...content: Block[]) => ({ type: "doc", content });

export interface DemoReply {
  author: string;
  content: string;
  replies?: DemoReply[];
}

export interface DemoThread {
  title: string;
  slug: string;
  category: string;
  author: string;
  summary: string;
  content: ReturnType<typeof doc>;
  replies: DemoReply[];
  reactions: Record<string, "like" | "love" | "fire" | "sad" | "laugh">;
  /** How long ago it was posted, so lists have a believable order. */
  hoursAgo: number;
}

export const threads: DemoThread[] = [
  {
    title: "Cara Deploy Remix ke VPS dengan PM2 dan Nginx",
    slug: "cara-deploy-remix-ke-vps-dengan-pm2-dan-nginx",
    category: "web-development",
    author: "budi_dev",
    summary: "Langkah lengkap dari build sampai reverse proxy dan HTTPS.",
    hoursAgo: 30,
    content: doc(
      p("Setelah beberapa kali trial and error, ini langkah deploy Remix yang akhirnya stabil di VPS 2 core."),
      h(2, "1. Build aplikasi"),
      codeBlock("bash", "npm ci\nnpm run build\nNODE_ENV=production node server.js"),
      h(2, "2. Jalankan dengan PM2"),
      codeBlock("bash", "pm2 start server.js --name forum -i max\npm2 save"),
      h(2, "3. Nginx sebagai reverse proxy"),
      codeBlock("nginx", "location / {\n  proxy_pass http://127.0.0.1:3000;\n  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;\n}"),
      p("Jangan lupa aktifkan ", code("gzip"), " dan cache untuk folder ", code("/build"), "."),
    ),
    replies: [
      {
        author: "andi_ops",
        content: "Mantap! Kalau pakai PM2 cluster mode, pastikan session tidak disimpan di memory proses ya.",
        replies: [
          {
            author: "budi_dev",
            content: "Betul, session saya simpan di PostgreSQL jadi aman di semua instance.",
            replies: [
              {
                author: "sari.codes",
                content: "Redis juga bisa buat rate limiter bersama antar instance.",
                replies: [{ author: "andi_ops", content: "Sepakat, rate limiter kami juga di Redis dengan sliding window." }],
              },
            ],
          },
        ],
      },
      { author: "demo", content: "Terima kasih, sangat membantu!" },
    ],
    reactions: { andi_ops: "fire", "sari.codes": "like", demo: "love" },
  },
  {
    title: "Flutter vs React Native di 2026: pengalaman tim kami",
    slug: "flutter-vs-react-native-di-2026-pengalaman-tim-kami",
    category: "mobile",
    author: "sari.codes",
    summary: "Perbandingan jujur setelah setahun memakai keduanya di produksi.",
    hoursAgo: 20,
    content: doc(
      p("Tim kami menjalankan dua aplikasi: satu Flutter, satu React Native. Ini ringkasannya."),
      table(
        ["Aspek", "Flutter", "React Native"],
        ["Performa animasi", "Sangat mulus", "Bagus dengan Reanimated"],
        ["Ukuran APK", "± 18 MB", "± 22 MB"],
        ["Rekrutmen", "Lebih sulit", "Banyak developer JS"],
      ),
      p("Kesimpulan: pilih berdasarkan tim, bukan hype."),
    ),
    replies: [
      { author: "budi_dev", content: "Setuju soal rekrutmen. Di Jakarta developer React jauh lebih banyak." },
      {
        author: "andi_ops",
        content: "Bagaimana dengan CI build-nya? Flutter lebih lama tidak?",
        replies: [{ author: "sari.codes", content: "Build Flutter sekitar 6 menit, RN sekitar 8 menit di runner kami." }],
      },
    ],
    reactions: { budi_dev: "like", andi_ops: "like", demo: "fire" },
  },
  {
    title: "Monitoring murah meriah: Prometheus + Grafana di satu VM",
    slug: "monitoring-murah-meriah-prometheus-grafana-di-satu-vm",
    category: "devops",
    author: "andi_ops",
    summary: "Setup observability sederhana untuk startup kecil.",
    hoursAgo: 12,
    content: doc(
      p("Tidak perlu langsung ke layanan mahal. Untuk startup tahap awal, satu VM sudah cukup."),
      bullets(
        "Prometheus scrape endpoint /metrics setiap 15 detik",
        "Grafana untuk dashboard latency p99 dan error rate",
        "Alertmanager kirim notifikasi ke Telegram",
      ),
      codeBlock("yaml", "scrape_configs:\n  - job_name: forum\n    static_configs:\n      - targets: ['127.0.0.1:3000']"),
    ),
    replies: [{ author: "budi_dev", content: "Retensi datanya berapa lama yang masih aman untuk disk 50 GB?" }],
    reactions: { budi_dev: "fire", "sari.codes": "love" },
  },
  {
    title: "Belajar RAG dengan PostgreSQL full-text search dulu, baru vector",
    slug: "belajar-rag-dengan-postgresql-full-text-search-dulu-baru-vector",
    category: "data-ai",
    author: "demo",
    summary: "Retrieval sederhana sering sudah cukup sebelum pindah ke embedding.",
    hoursAgo: 6,
    content: doc(
      p("Banyak yang langsung memakai vector database, padahal full-text search PostgreSQL sudah memberi hasil yang bagus untuk forum."),
      codeBlock("sql", "SELECT id, title, ts_rank(search_vector, q) AS rank\nFROM threads, websearch_to_tsquery('simple', 'deploy remix') q\nWHERE search_vector @@ q\nORDER BY rank DESC LIMIT 5;"),
      p("Aleph, asisten AI di forum ini, memakai pendekatan yang sama untuk mengutip thread yang relevan."),
    ),
    replies: [
      {
        author: "sari.codes",
        content: "Untuk bahasa Indonesia, stemming-nya bagaimana? Apakah ada konfigurasi khusus?",
        replies: [{ author: "demo", content: "PostgreSQL punya kamus snowball 'indonesian', bisa digabung dengan 'simple'." }],
      },
    ],
    reactions: { "sari.codes": "love", budi_dev: "like", andi_ops: "like" },
  },
  {
    title: "Tips lolos technical interview untuk posisi backend",
    slug: "tips-lolos-technical-interview-untuk-posisi-backend",
    category: "karier",
    author: "budi_dev",
    summary: "Apa yang biasanya ditanyakan dan cara menjawabnya.",
    hoursAgo: 3,
    content: doc(
      h(2, "Topik yang sering muncul"),
      bullets("Desain database dan indexing", "Idempotency pada API pembayaran", "Caching dan invalidasi", "Concurrency dan race condition"),
      p("Latih menjelaskan trade-off, bukan hanya jawaban benar."),
    ),
    replies: [{ author: "andi_ops", content: "Tambahan: siapkan cerita tentang incident yang pernah kamu tangani." }],
    reactions: { andi_ops: "like", demo: "like", "sari.codes": "laugh" },
  },
  {
    title: "Showcase: bot Telegram untuk jadwal KRL",
    slug: "showcase-bot-telegram-untuk-jadwal-krl",
    category: "showcase",
    author: "sari.codes",
    summary: "Side project akhir pekan dengan Node.js dan Redis.",
    hoursAgo: 1,
    content: doc(
      p("Bot ini mengirim jadwal KRL terdekat dari stasiun favorit kamu setiap pagi."),
      codeBlock("typescript", "bot.command('jadwal', async (ctx) => {\n  const next = await krl.nextDepartures(ctx.user.station);\n  await ctx.reply(formatSchedule(next));\n});"),
    ),
    replies: [],
    reactions: { demo: "fire" },
  },
];
