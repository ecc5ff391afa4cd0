import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

/**
 * The dashboard's bar charts. Its own module, loaded with React.lazy in the browser only, so
 * recharts never lands in the bundles of member pages (nor in server rendering).
 */
export default function DashboardCharts({ series }: { series: { title: string; color: string; points: { day: string; value: number }[] }[] }) {
  return (
    <div className="grid gap-4 md:grid-cols-2">
      {series.map((chart) => (
        <figure key={chart.title} className="rounded-xl border border-slate-200 p-3 dark:border-slate-800" aria-hidden="true">
          <figcaption className="mb-2 text-sm font-semibold text-slate-800 dark:text-slate-200">{chart.title}</figcaption>
          <div className="h-44">
            <ResponsiveContainer width="100%" height="100%">
              {/* Hidden from assistive technology (the table below has the numbers), so not focusable either. */}
              <BarChart accessibilityLayer={false} data={chart.points} margin={{ top: 4, right: 4, bottom: 0, left: -20 }}>
                <CartesianGrid strokeDasharray="3 3" stroke="#94a3b855" />
                <XAxis dataKey="day" tickFormatter={(day: string) => day.slice(8)} fontSize={11} />
                <YAxis allowDecimals={false} fontSize={11} />
                <Tooltip />
                <Bar dataKey="value" fill={chart.color} name={chart.title} />
              </BarChart>
            </ResponsiveContainer>
          </div>
        </figure>
      ))}
    </div>
  );
}
