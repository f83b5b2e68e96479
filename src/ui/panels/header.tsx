// Top bar: the breadcrumb, and where the vault lives.
import { Box, Text } from 'ink';
import { fitBreadcrumb } from '../presenters/breadcrumb.js';
import { sanitise } from '../presenters/sanitise.js';
import { theme } from '../theme.js';

export function Header({ crumbs, location, width }: { crumbs: string[]; location: string; width: number }) {
  const place = sanitise(location);
  const room = Math.max(10, width - 2 - (place.length + 3));
  const showPlace = width - 2 - fitBreadcrumb(crumbs, room).length > place.length + 2;
  return (
    <Box width={width} height={1} paddingX={1} backgroundColor={theme.headerBackground}>
      <Box flexGrow={1} flexShrink={1}>
        <Text color={theme.headerText} bold wrap="truncate-end">
          {fitBreadcrumb(crumbs, showPlace ? room : width - 2)}
        </Text>
      </Box>
      {showPlace ? (
        <Box flexShrink={0}>
          <Text color={theme.headerText}>{place}</Text>
        </Box>
      ) : null}
    </Box>
  );
}
