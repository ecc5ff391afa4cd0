import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { CreateBucketCommand, S3Client } from "@aws-sdk/client-s3";

/** The S3 identity of the test servers (never a real credential). */
export const SEAWEEDFS_TEST_CREDENTIALS = { accessKeyId: "alephdraad-test", secretAccessKey: "alephdraad-test-secret" };

/** Where scripts/seaweedfs.sh puts the binary; SEAWEEDFS_BIN overrides. */
export function seaweedfsBinary(): string | null {
  const bin = process.env.SEAWEEDFS_BIN ?? path.resolve(".data/bin/weed");
  return existsSync(bin) ? bin : null;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A SeaweedFS of its own (master, volume, filer and S3 gateway in one process) on free ports of
 * 127.0.0.1 with data in a temporary folder and `bucket` created; `close` stops it and removes
 * the folder. Null when the binary was not built (scripts/seaweedfs.sh).
 */
export async function startSeaweedFs(bucket: string) {
  const bin = seaweedfsBinary();
  if (!bin) return null;
  const dir = await mkdtemp(path.join(tmpdir(), "alephdraad-seaweedfs-"));
  const config = path.join(dir, "s3.json");
  await writeFile(
    config,
    JSON.stringify({
      identities: [
        {
          name: "test",
          credentials: [{ accessKey: SEAWEEDFS_TEST_CREDENTIALS.accessKeyId, secretKey: SEAWEEDFS_TEST_CREDENTIALS.secretAccessKey }],
          actions: ["Admin", "Read", "Write", "List", "Tagging"],
        },
      ],
    }),
  );
  // Each service has an HTTP and a gRPC port; the gRPC ones are given too, as the defaults
  // (port + 10000) could be taken or out of range.
  const ports: number[] = [];
  for (let i = 0; i < 8; i++) ports.push(await freePort());
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc] = ports as [number, ...number[]];
  const data = path.join(dir, "data");
  const child = spawn(
    bin,
    [
      "server",
      "-ip=127.0.0.1",
      "-ip.bind=127.0.0.1",
      `-dir=${dir}`,
      `-master.port=${master}`,
      `-master.port.grpc=${masterGrpc}`,
      "-master.volumeSizeLimitMB=64",
      `-volume.port=${volume}`,
      `-volume.port.grpc=${volumeGrpc}`,
      "-volume.max=4",
      "-filer",
      `-filer.port=${filer}`,
      `-filer.port.grpc=${filerGrpc}`,
      "-s3",
      `-s3.port=${s3}`,
      `-s3.port.grpc=${s3Grpc}`,
      `-s3.config=${config}`,
    ],
    { stdio: "ignore", env: { ...process.env, HOME: data } },
  );
  const endpoint = `http://127.0.0.1:${s3}`;
  const close = async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => (child.exitCode === null ? child.once("exit", resolve) : resolve(null)));
    await rm(dir, { recursive: true, force: true });
  };
  const client = new S3Client({ endpoint, region: "us-east-1", forcePathStyle: true, credentials: SEAWEEDFS_TEST_CREDENTIALS });
  // The gateway answers before the filer and a volume are ready: retry the bucket until it takes.
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await client.send(new CreateBucketCommand({ Bucket: bucket }));
      break;
    } catch (error) {
      if ((error as { name?: string }).name === "BucketAlreadyOwnedByYou" || (error as { name?: string }).name === "BucketAlreadyExists") break;
      if (Date.now() > deadline || child.exitCode !== null) {
        await close();
        throw new Error(`SeaweedFS did not start: ${(error as Error).message}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  client.destroy();
  return { endpoint, close };
}
