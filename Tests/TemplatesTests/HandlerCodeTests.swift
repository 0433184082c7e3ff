import Templates
import Testing

/// Recognition of SDK v2 and v3 call shapes in inline handler code.
struct HandlerCodeTests {
    @Test func sdkV2DocumentClientCallsInOrder() {
        let code = HandlerCode(
            javaScript: """
                const AWS = require('aws-sdk');
                const ddb = new AWS.DynamoDB.DocumentClient();
                // ddb.query({}) in a comment is not a call
                /* nor ddb.put({}) here */
                const rows = await ddb.scan({ TableName: t }).promise();
                await ddb.batchWrite({ RequestItems: {} }).promise();
                """
        )
        #expect(code.sdk == "v2")
        #expect(code.calls == [.scan, .batchWrite])
        #expect(!code.paginates && !code.chunksBatchesOf25 && !code.queriesIndex && !code.postsToConnection)
        #expect(code.lookup == .scan)
        #expect(code.maxSockets == nil)
    }

    @Test func sdkV3CommandsPaginationChunkingAndSockets() {
        let code = HandlerCode(
            javaScript: """
                import { QueryCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
                const agent = new https.Agent({ maxSockets: 120 });
                let ExclusiveStartKey;
                do {
                  const page = await ddb.send(new QueryCommand({ IndexName: 'byChannel', ConsistentRead: true, ExclusiveStartKey }));
                  ExclusiveStartKey = page.LastEvaluatedKey;
                } while (ExclusiveStartKey);
                for (let i = 0; i < keys.length; i += 25) await ddb.send(new BatchWriteCommand({ RequestItems: keys.slice(i, i + 25) }));
                await api.send(new PostToConnectionCommand({}));
                """
        )
        #expect(code.sdk == "v3")
        #expect(code.calls == [.query, .batchWrite])
        #expect(code.paginates && code.chunksBatchesOf25 && code.queriesIndex && code.consistentRead)
        #expect(code.postsToConnection)
        #expect(code.maxSockets == 120)
    }

    @Test func paginatorsCountAsLoopsAndOtherChunkSizesDoNot() {
        let code = HandlerCode(
            javaScript: """
                for await (const page of paginateScan({ client }, { TableName: t })) {}
                const chunk = rows.slice(0, 100);
                await client.batchWriteItem({ RequestItems: chunk });
                """
        )
        #expect(code.calls == [.scan, .batchWrite])
        #expect(code.paginates)
        #expect(!code.chunksBatchesOf25)
    }

    @Test func commentMarkersInsideStringsAreKept() {
        let code = HandlerCode(javaScript: "const u = 'https://x'; await ddb.put({}).promise();")
        #expect(code.calls == [.put])
    }
}
