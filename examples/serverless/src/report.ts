// Write a receipt per queued order (TypeScript, AWS SDK for JavaScript v3).
import { S3Client, GetObjectCommand, paginateListObjectsV2, waitUntilObjectExists } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { Upload } from "@aws-sdk/lib-storage";
import * as dynamodb from "@aws-sdk/client-dynamodb";
import type { SQSEvent } from "aws-lambda";

const s3 = new S3Client({});
const db = new dynamodb.DynamoDBClient({}) as dynamodb.DynamoDBClient;
const bucket = process.env.BUCKET!;

export async function handler(event: SQSEvent): Promise<string> {
  for (const record of event.Records) {
    const order = JSON.parse(record.body) as { id: string };
    const rows = await db.send(new dynamodb.QueryCommand({
      TableName: process.env.TABLE!,
      KeyConditionExpression: "id = :id",
      ExpressionAttributeValues: { ":id": { S: order.id } },
    }));
    const key = `receipts/${order.id}.json`;
    const upload = new Upload({ client: s3, params: { Bucket: bucket, Key: key, Body: JSON.stringify(rows.Items) } });
    await upload.done();
    await waitUntilObjectExists({ client: s3, maxWaitTime: 30 }, { Bucket: bucket, Key: key });
  }
  let count = 0;
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket })) {
    count += page.KeyCount ?? 0;
  }
  const latest = new GetObjectCommand({ Bucket: bucket, Key: "receipts/latest.json" });
  return `${count} receipts, latest at ${await getSignedUrl(s3, latest, { expiresIn: 300 })}`;
}
