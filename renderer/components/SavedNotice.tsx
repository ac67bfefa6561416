/** The notice after a file is written: where it went, and a link to its folder where the desktop can open one. */
import { App, Button } from 'antd';

export function useSavedNotice(): (text: string, reveal?: () => void) => void {
  const { message } = App.useApp();
  return (text, reveal) =>
    void message.success({
      duration: 8,
      content: (
        <span data-testid="export-done">
          {text}
          {reveal && (
            <Button type="link" size="small" onClick={reveal}>
              打开所在文件夹
            </Button>
          )}
        </span>
      ),
    });
}
