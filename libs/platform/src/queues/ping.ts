import { DataSource } from 'typeorm';

/** The Ping job's work: count that it ran. */
export async function handlePing(dataSource: DataSource, pingId: string): Promise<void> {
  await dataSource.query(
    `INSERT INTO job_ping (id, handled_count, handled_at) VALUES ($1, 1, now())
     ON CONFLICT (id) DO UPDATE SET handled_count = job_ping.handled_count + 1, handled_at = now()`,
    [pingId],
  );
}
