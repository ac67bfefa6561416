/**
 * What every import screen does with a file: a hidden file input, a dry run that writes nothing and is
 * shown to the user, then the import itself once they confirm. Plus the two tables each dry run shows:
 * how the file's columns were read, and the bad cells by row and column.
 */
import { Alert, Typography, Table } from 'antd';
import { useRef, useState, type ReactNode } from 'react';
import { pickedFromBrowser } from './files';

export interface ChosenFile {
  path: string;
  name: string;
}

export function useDryRunImport<R>(
  run: (file: ChosenFile, dryRun: boolean) => Promise<R>,
  input: { accept: string; label: string },
): {
  dry: { result: R; file: ChosenFile } | null;
  setDry: (d: { result: R; file: ChosenFile } | null) => void;
  busy: boolean;
  /** Opens the file chooser; the dry run follows the choice. */
  pick: () => void;
  /** The import for real, of the file the dry run read. */
  commit: () => Promise<R | undefined>;
  fileInput: ReactNode;
} {
  const ref = useRef<HTMLInputElement>(null);
  const [dry, setDry] = useState<{ result: R; file: ChosenFile } | null>(null);
  const [busy, setBusy] = useState(false);
  const check = async (f: File) => {
    setBusy(true);
    try {
      const picked = await pickedFromBrowser(f);
      const file = { path: picked.path, name: picked.name };
      setDry({ result: await run(file, true), file });
    } finally {
      setBusy(false);
    }
  };
  const commit = async () => {
    if (!dry) return undefined;
    setBusy(true);
    try {
      return await run(dry.file, false);
    } finally {
      setBusy(false);
    }
  };
  const fileInput = (
    <input
      ref={ref}
      type="file"
      accept={input.accept}
      hidden
      aria-label={input.label}
      onChange={(e) => {
        const f = e.target.files?.[0];
        // Cleared so that choosing the same file again (after mending it) runs the check again.
        e.target.value = '';
        if (f) void check(f);
      }}
    />
  );
  return { dry, setDry, busy, pick: () => ref.current?.click(), commit, fileInput };
}

/** How each column of the file was read; columns left aside in grey. */
export function ImportColumns<C extends { column: string; header: string; note: string }>({
  columns,
  used,
}: {
  columns: C[];
  used: (c: C) => boolean;
}) {
  return (
    <Table<C>
      size="small"
      style={{ marginTop: 8 }}
      pagination={false}
      rowKey="column"
      aria-label="列的对应"
      dataSource={columns}
      columns={[
        { title: '列', dataIndex: 'column', width: 50 },
        { title: '表头', dataIndex: 'header' },
        {
          title: '对应',
          dataIndex: 'note',
          render: (n: string, c: C) => (used(c) ? n : <Typography.Text type="secondary">{n}</Typography.Text>),
        },
      ]}
    />
  );
}

/** The first twenty problems in words, under a title that says what happens to their rows. */
export function ImportProblems({ items, title, type = 'error' }: { items: { message: string }[]; title: string; type?: 'error' | 'info' }) {
  if (!items.length) return null;
  return (
    <Alert
      type={type}
      showIcon
      style={{ marginBottom: 12 }}
      title={title}
      description={
        <ul style={{ margin: 0 }}>
          {items.slice(0, 20).map((e, i) => (
            <li key={i}>{e.message}</li>
          ))}
          {items.length > 20 && <li>…另有 {items.length - 20} 处</li>}
        </ul>
      }
    />
  );
}
