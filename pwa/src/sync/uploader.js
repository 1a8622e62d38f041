/**
 * Send one attachment's bytes with tus-js-client (tus 1.0 core + creation, docs/attachments.md), in chunks
 * of CHUNK_BYTES. Loaded on demand, only when bytes wait and the phone is online: it stays out of the
 * first visit and the precache (vite.config.js `online-*`).
 */
import { Upload } from 'tus-js-client';
import { CHUNK_BYTES, tusTarget } from './upload-queue.js';

/**
 * @param {{base?: string}} ctx
 * @param {object} file its row (store/files.js) @param {ArrayBuffer} bytes
 * @param {{token: string, onBegun: () => void, onProgress: (sent: number) => void, onAccepted: (offset: number) => void}} hooks
 * @returns {Promise<void>} rejects with {status, code} (status 0: no answer)
 */
export function sendFile(ctx, file, bytes, { token, onBegun, onProgress, onAccepted }) {
  return new Promise((resolve, reject) => {
    const upload = new Upload(new Blob([bytes], { type: file.mime_type }), {
      ...tusTarget(file, ctx.base ?? ''),
      chunkSize: CHUNK_BYTES,
      retryDelays: null, // the queue retries, always by resuming (a retry inside tus-js-client may create anew)
      metadata: { attachment_id: file.id },
      storeFingerprintForResuming: false, // the upload's URL is the attachment's: nothing to remember
      onBeforeRequest: (request) => request.setHeader('Authorization', `Bearer ${token}`),
      onUploadUrlAvailable: () => onBegun(),
      onProgress: (sent) => onProgress(sent),
      onChunkComplete: (_size, accepted) => onAccepted(accepted),
      onSuccess: () => resolve(),
      onError: (error) => reject(failureOf(error)),
    });
    upload.start();
  });
}

/** The server's status and error code from a tus-js-client error. */
function failureOf(error) {
  const response = error?.originalResponse;
  if (!response) return { status: 0, code: 'network' };
  let code;
  try {
    code = JSON.parse(response.getBody() || 'null')?.error?.code;
  } catch {
    code = undefined;
  }
  return { status: response.getStatus(), code };
}
