// Top bar: the breadcrumb, and where the vault lives when there is room for both.
import { Box, Text } from 'ink';
import { fitBreadcrumb, SEPARATOR } from '../presenters/breadcrumb.js';
import { sanitise } from '../presenters/sanitise.js';
import { theme } from '../theme.js';

export function Header({ crumbs, location, width }: { crumbs: string[]; location: string; width: number }) {
  const room = width - 2;
  const place = sanitise(location);
  // The breadcrumb matters more than the location: the location goes first when space is short.
  const showPlace = crumbs.join(SEPARATOR).length + 2 + place.length <= room;
  return (
    <Box width={width} height={1} paddingX={1} backgroundColor={theme.headerBackground}>
      <Box flexGrow={1} flexShrink={1}>
        <Text color={theme.headerText} bold wrap="truncate-end">
          {fitBreadcrumb(crumbs, showPlace ? room - place.length - 2 : room)}
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
