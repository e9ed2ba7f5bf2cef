import { useState, type FormEvent } from 'react';
import { Button, FileInput, Group, Select } from '@mantine/core';
import { humanize } from '../../../api/lifecycle.js';
import { ATTACHMENT_KINDS, type AttachmentKind } from '../../../api/records.js';
import { ErrorAlert } from '../../../ui/ErrorAlert.js';
import { ACCEPTED_TYPES, contentTypeOf } from '../api/actions.js';
import { useUpload } from '../api/mutations.js';

const MAX_BYTES = 20 * 1024 * 1024;

/** Uploads a PDF, PNG, JPEG, TXT or CSV (at most 20 MB) as an invoice, certificate, photo, …. */
export function UploadAttachment({ assetId }: { assetId: string }) {
  const upload = useUpload(assetId);
  const [file, setFile] = useState<File | null>(null);
  const [kind, setKind] = useState<AttachmentKind>('invoice');
  const contentType = file ? contentTypeOf(file) : null;
  const problem = !file
    ? null
    : !contentType
      ? 'Steward accepts PDF, PNG, JPEG, TXT and CSV files.'
      : file.size > MAX_BYTES
        ? 'The file is larger than 20 MB.'
        : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file || !contentType || problem) return;
    upload.mutate({ kind, file, contentType }, { onSuccess: () => setFile(null) });
  };

  return (
    <form onSubmit={submit} data-testid="attachment-upload-form">
      <Group align="flex-end" gap="xs">
        <FileInput
          label="File"
          placeholder="Choose a file"
          value={file}
          onChange={setFile}
          accept={[...ACCEPTED_TYPES, '.pdf', '.png', '.jpg', '.jpeg', '.txt', '.csv'].join(',')}
          clearable
          error={problem}
          w={220}
          data-testid="attachment-file"
        />
        <Select
          label="Kind"
          data={ATTACHMENT_KINDS.map((k) => ({ value: k, label: humanize(k) }))}
          value={kind}
          onChange={(v) => v && setKind(v as AttachmentKind)}
          allowDeselect={false}
          w={200}
          data-testid="attachment-kind"
        />
        <Button
          type="submit"
          disabled={!file || problem !== null}
          loading={upload.isPending}
          data-testid="attachment-upload"
        >
          Upload
        </Button>
      </Group>
      {upload.error ? <ErrorAlert error={upload.error} testId="attachment-error" /> : null}
    </form>
  );
}
