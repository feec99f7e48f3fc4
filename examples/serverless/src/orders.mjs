// Create an order (AWS SDK for JavaScript v3, the DynamoDB document client).
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, PutCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { SQSClient, SendMessageCommand } from "@aws-sdk/client-sqs";

const ddb = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const sqs = new SQSClient({});

export const handler = async (event) => {
  const order = JSON.parse(event.body);
  const existing = await ddb.send(new GetCommand({ TableName: process.env.TABLE, Key: { id: order.id } }));
  if (existing.Item) {
    return { statusCode: 409 };
  }
  await ddb.send(new PutCommand({ TableName: process.env.TABLE, Item: order }));
  const message = new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: JSON.stringify(order) });
  await sqs.send(message);
  return { statusCode: 201, body: JSON.stringify({ id: order.id }) };
};
