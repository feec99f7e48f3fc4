// Nightly archive (AWS SDK for JavaScript v2).
const AWS = require("aws-sdk");
const S3 = require("aws-sdk/clients/s3");

const docClient = new AWS.DynamoDB.DocumentClient();
const s3 = new S3({ signatureVersion: "v4" });
const sfn = new AWS.StepFunctions();

class Archiver {
  constructor() {
    this.sns = new AWS.SNS();
  }

  async notify(message) {
    return this.sns.publish({ TopicArn: process.env.TOPIC_ARN, Message: message }).promise();
  }
}

exports.handler = async () => {
  const old = await docClient.scan({ TableName: process.env.TABLE }).promise();
  for (const item of old.Items) {
    await s3.putObject({ Bucket: process.env.BUCKET, Key: `archive/${item.id}.json`, Body: JSON.stringify(item) }).promise();
    await docClient.delete({ TableName: process.env.TABLE, Key: { id: item.id } }).promise();
  }
  await s3.waitFor("bucketExists", { Bucket: process.env.BUCKET }).promise();
  const link = s3.getSignedUrl("getObject", { Bucket: process.env.BUCKET, Key: "archive/index.json" });
  await new Archiver().notify(link);
  await sfn.startExecution({ stateMachineArn: process.env.MACHINE, input: "{}" }).promise();
  const action = process.env.ACTION;
  await s3[action]({ Bucket: process.env.BUCKET }).promise();
};
